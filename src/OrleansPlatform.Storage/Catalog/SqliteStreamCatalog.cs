using Microsoft.Data.Sqlite;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Catalog;

/// <summary>The catalog over <c>platform_events</c>' first rows (index <c>platform_events_stream_starts</c>, binary collation).</summary>
public sealed class SqliteStreamCatalog(SqliteConnectionFactory connections) : IStreamCatalog
{
    public string StorageKind => "sqlite";

    private const string InRange = "version = 1 AND stream_id >= $lower AND ($upper IS NULL OR stream_id < $upper)";

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM platform_events WHERE {InRange}";
        AddRange(command, StreamIdRange.Of(prefix));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT stream_id FROM platform_events WHERE {InRange} AND ($after IS NULL OR stream_id > $after) ORDER BY stream_id LIMIT $limit";
        AddRange(command, StreamIdRange.Of(prefix));
        command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<long?> GetHeadPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(position) FROM platform_events";
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static void AddRange(SqliteCommand command, StreamIdRange range)
    {
        command.Parameters.AddWithValue("$lower", range.Lower);
        command.Parameters.AddWithValue("$upper", (object?)range.Upper ?? DBNull.Value);
    }
}
