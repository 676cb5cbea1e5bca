using Npgsql;
using OrleansPlatform.Contracts.Retention;

namespace OrleansPlatform.Storage.Retention;

/// <summary>Stream metadata in PostgreSQL's <c>platform_stream_metadata</c> (0018).</summary>
public sealed class PostgresStreamMetadataStore(NpgsqlDataSource dataSource) : IStreamMetadataStore
{
    private const string Columns = "stream_id, max_age_ms, max_count, truncate_before, deleted_at, hard_deleted";

    public async Task<StoredStreamMetadata?> GetAsync(string streamId, CancellationToken cancellationToken)
    {
        var found = await GetManyAsync([streamId], cancellationToken);
        return found.GetValueOrDefault(streamId);
    }

    public async Task<IReadOnlyDictionary<string, StoredStreamMetadata>> GetManyAsync(IReadOnlyCollection<string> streamIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM platform_stream_metadata WHERE stream_id = ANY(@s)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("s", streamIds.ToArray()));
        return (await ReadAsync(command, cancellationToken)).ToDictionary(m => m.StreamId, StringComparer.Ordinal);
    }

    public async Task SetAsync(string streamId, StreamMetadata metadata, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_stream_metadata (stream_id, max_age_ms, max_count, truncate_before, updated_at)
            VALUES (@s, @age, @count, @tb, @t)
            ON CONFLICT (stream_id) DO UPDATE SET max_age_ms = EXCLUDED.max_age_ms, max_count = EXCLUDED.max_count,
                truncate_before = CASE WHEN platform_stream_metadata.deleted_at IS NULL THEN EXCLUDED.truncate_before
                    ELSE GREATEST(platform_stream_metadata.truncate_before, EXCLUDED.truncate_before) END,
                updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter("age", (object?)(long?)metadata.MaxAge?.TotalMilliseconds ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter("count", (object?)metadata.MaxCount ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter("tb", (object?)metadata.TruncateBefore ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SoftDeleteAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_stream_metadata (stream_id, truncate_before, deleted_at, updated_at) VALUES (@s, @tb, @t, @t)
            ON CONFLICT (stream_id) DO UPDATE SET
                truncate_before = GREATEST(COALESCE(platform_stream_metadata.truncate_before, 0), EXCLUDED.truncate_before),
                deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("tb", truncateBefore));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkHardDeletedAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_stream_metadata (stream_id, truncate_before, deleted_at, hard_deleted, updated_at) VALUES (@s, @tb, @t, true, @t)
            ON CONFLICT (stream_id) DO UPDATE SET max_age_ms = NULL, max_count = NULL, truncate_before = EXCLUDED.truncate_before,
                deleted_at = EXCLUDED.deleted_at, hard_deleted = true, updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("tb", truncateBefore));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM platform_stream_metadata WHERE stream_id = @s");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredStreamMetadata>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM platform_stream_metadata WHERE stream_id COLLATE \"C\" > @a ORDER BY stream_id COLLATE \"C\" LIMIT @l");
        command.Parameters.Add(new NpgsqlParameter<string>("a", after ?? ""));
        command.Parameters.Add(new NpgsqlParameter<int>("l", limit));
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<StoredStreamMetadata>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<StoredStreamMetadata>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var metadata = new StreamMetadata(
                reader.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3));
            DateTimeOffset? deletedAt = reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero);
            rows.Add(new StoredStreamMetadata(reader.GetString(0), metadata, deletedAt, reader.GetBoolean(5)));
        }

        return rows;
    }
}
