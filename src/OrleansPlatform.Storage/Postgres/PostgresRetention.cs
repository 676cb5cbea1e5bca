using Npgsql;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>Deletes a stream's old events for retention.</summary>
internal sealed class PostgresRetention(NpgsqlDataSource dataSource)
{
    private const int BatchRows = 5_000;

    public async Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Small transactions: a long one would hold back the global feed's frontier (the oldest running xid).
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand($"""
                DELETE FROM platform_events WHERE position IN (
                    SELECT position FROM platform_events
                    WHERE stream_id = @s AND created_at < @cutoff
                      AND version < (SELECT max(version) FROM platform_events WHERE stream_id = @s)
                    ORDER BY version LIMIT {BatchRows})
                """);
            command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", cutoff.UtcDateTime));
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < BatchRows)
            {
                return total;
            }
        }
    }
}
