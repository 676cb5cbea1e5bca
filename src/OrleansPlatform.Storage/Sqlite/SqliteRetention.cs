namespace OrleansPlatform.Storage.Sqlite;

/// <summary>Deletes a stream's old events for retention.</summary>
internal sealed class SqliteRetention(SqliteConnectionFactory connections)
{
    public async Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM platform_events
            WHERE stream_id = $s AND created_at < $cutoff
              AND version < (SELECT max(version) FROM platform_events WHERE stream_id = $s)
            """;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
