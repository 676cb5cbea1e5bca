using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Retention;

/// <summary>Removes stream rows from the embedded database's <c>platform_events</c>.</summary>
public sealed class SqliteStreamEraser(SqliteConnectionFactory connections) : BatchedStreamEraser
{
    protected override async Task<int> DeleteBatchAsync(string streamId, long beforeVersion, bool keepLast, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM platform_events WHERE position IN (
                SELECT position FROM platform_events
                WHERE stream_id = $s AND version < $v
                  AND (NOT $keepLast OR version < (SELECT max(version) FROM platform_events WHERE stream_id = $s))
                ORDER BY version LIMIT $n)
            """;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", beforeVersion);
        command.Parameters.AddWithValue("$keepLast", keepLast);
        command.Parameters.AddWithValue("$n", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
