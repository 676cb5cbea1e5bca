using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Retention;

/// <summary>Stream metadata in the embedded database's <c>platform_stream_metadata</c> (0018).</summary>
public sealed class SqliteStreamMetadataStore(SqliteConnectionFactory connections) : IStreamMetadataStore
{
    private const string Columns = "stream_id, max_age_ms, max_count, truncate_before, deleted_at, hard_deleted";

    public async Task<StoredStreamMetadata?> GetAsync(string streamId, CancellationToken cancellationToken)
    {
        var found = await GetManyAsync([streamId], cancellationToken);
        return found.GetValueOrDefault(streamId);
    }

    public async Task<IReadOnlyDictionary<string, StoredStreamMetadata>> GetManyAsync(IReadOnlyCollection<string> streamIds, CancellationToken cancellationToken)
    {
        if (streamIds.Count == 0)
        {
            return new Dictionary<string, StoredStreamMetadata>();
        }

        var names = streamIds.Select((_, i) => "$s" + i).ToList();
        var rows = await QueryAsync($"SELECT {Columns} FROM platform_stream_metadata WHERE stream_id IN ({string.Join(", ", names)})",
            cancellationToken, names.Zip(streamIds, (n, s) => (n, (object)s)).ToArray());
        return rows.ToDictionary(m => m.StreamId, StringComparer.Ordinal);
    }

    public Task SetAsync(string streamId, StreamMetadata metadata, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO platform_stream_metadata (stream_id, max_age_ms, max_count, truncate_before, updated_at)
            VALUES ($s, $age, $count, $tb, $t)
            ON CONFLICT (stream_id) DO UPDATE SET max_age_ms = excluded.max_age_ms, max_count = excluded.max_count,
                truncate_before = CASE WHEN platform_stream_metadata.deleted_at IS NULL THEN excluded.truncate_before
                    ELSE max(platform_stream_metadata.truncate_before, COALESCE(excluded.truncate_before, 0)) END,
                updated_at = excluded.updated_at
            """, cancellationToken, ("$s", streamId), ("$age", (object?)(long?)metadata.MaxAge?.TotalMilliseconds ?? DBNull.Value),
            ("$count", (object?)metadata.MaxCount ?? DBNull.Value), ("$tb", (object?)metadata.TruncateBefore ?? DBNull.Value),
            ("$t", now.ToUnixTimeMilliseconds()));

    public Task SoftDeleteAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO platform_stream_metadata (stream_id, truncate_before, deleted_at, updated_at) VALUES ($s, $tb, $t, $t)
            ON CONFLICT (stream_id) DO UPDATE SET
                truncate_before = max(COALESCE(platform_stream_metadata.truncate_before, 0), excluded.truncate_before),
                deleted_at = excluded.deleted_at, updated_at = excluded.updated_at
            """, cancellationToken, ("$s", streamId), ("$tb", truncateBefore), ("$t", now.ToUnixTimeMilliseconds()));

    public Task MarkHardDeletedAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO platform_stream_metadata (stream_id, truncate_before, deleted_at, hard_deleted, updated_at) VALUES ($s, $tb, $t, 1, $t)
            ON CONFLICT (stream_id) DO UPDATE SET max_age_ms = NULL, max_count = NULL, truncate_before = excluded.truncate_before,
                deleted_at = excluded.deleted_at, hard_deleted = 1, updated_at = excluded.updated_at
            """, cancellationToken, ("$s", streamId), ("$tb", truncateBefore), ("$t", now.ToUnixTimeMilliseconds()));

    public Task RemoveAsync(string streamId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM platform_stream_metadata WHERE stream_id = $s", cancellationToken, ("$s", streamId));

    public async Task<IReadOnlyList<StoredStreamMetadata>> ListAsync(string? after, int limit, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM platform_stream_metadata WHERE stream_id > $a ORDER BY stream_id LIMIT $l",
            cancellationToken, ("$a", after ?? ""), ("$l", limit));

    private async Task<List<StoredStreamMetadata>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        var rows = new List<StoredStreamMetadata>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var metadata = new StreamMetadata(
                reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3));
            DateTimeOffset? deletedAt = reader.IsDBNull(4) ? null : SqliteEventColumns.FromUnixMs(reader.GetInt64(4));
            rows.Add(new StoredStreamMetadata(reader.GetString(0), metadata, deletedAt, reader.GetBoolean(5)));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
