using Npgsql;

namespace OrleansPlatform.Storage.Retention;

/// <summary>Removes stream rows from PostgreSQL's <c>platform_events</c>.</summary>
public sealed class PostgresStreamEraser(NpgsqlDataSource dataSource) : BatchedStreamEraser
{
    protected override async Task<int> DeleteBatchAsync(string streamId, long beforeVersion, bool keepLast, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM platform_events WHERE position IN (
                SELECT position FROM platform_events
                WHERE stream_id = @s AND version < @v
                  AND (NOT @keepLast OR version < (SELECT max(version) FROM platform_events WHERE stream_id = @s))
                ORDER BY version LIMIT @n)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", beforeVersion));
        command.Parameters.Add(new NpgsqlParameter<bool>("keepLast", keepLast));
        command.Parameters.Add(new NpgsqlParameter<int>("n", limit));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
