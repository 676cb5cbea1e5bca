using Npgsql;

namespace OrleansPlatform.Storage.Catalog;

/// <summary>The catalog over <c>platform_events</c>' first rows (index <c>platform_events_stream_starts</c>, C collation).</summary>
public sealed class PostgresStreamCatalog(NpgsqlDataSource dataSource) : IStreamCatalog
{
    public string StorageKind => "postgres";

    private const string InRange =
        "version = 1 AND stream_id COLLATE \"C\" >= @lower AND (@upper::text IS NULL OR stream_id COLLATE \"C\" < @upper::text)";

    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM platform_events WHERE {InRange}");
        AddRange(command, StreamIdRange.Of(prefix));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT stream_id FROM platform_events WHERE {InRange} AND (@after::text IS NULL OR stream_id COLLATE \"C\" > @after::text) " +
            "ORDER BY stream_id COLLATE \"C\" LIMIT @limit");
        AddRange(command, StreamIdRange.Of(prefix));
        command.Parameters.AddWithValue("after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
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
        await using var command = dataSource.CreateCommand("SELECT max(position) FROM platform_events");
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static void AddRange(NpgsqlCommand command, StreamIdRange range)
    {
        command.Parameters.AddWithValue("lower", range.Lower);
        command.Parameters.AddWithValue("upper", (object?)range.Upper ?? DBNull.Value);
    }
}
