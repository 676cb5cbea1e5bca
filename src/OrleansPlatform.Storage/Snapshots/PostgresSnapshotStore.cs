using Npgsql;

namespace OrleansPlatform.Storage.Snapshots;

/// <summary>Snapshots in PostgreSQL's <c>platform_snapshots</c>.</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource) : ISnapshotStore
{
    // Deleting in small chunks keeps each transaction short: a long one would hold back the global feed's frontier.
    private const int DeleteChunk = 5_000;

    public async Task<StoredSnapshot?> ReadLatestAsync(string streamId, long maxVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT version, type, data::text, created_at FROM platform_snapshots
            WHERE stream_id = @s AND version <= @v ORDER BY version DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", maxVersion));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSnapshot(streamId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    public async Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_snapshots (stream_id, version, type, data, created_at) VALUES (@s, @v, @t, @d::json, @c)
            ON CONFLICT (stream_id, version) DO UPDATE SET type = excluded.type, data = excluded.data, created_at = excluded.created_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", snapshot.StreamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", snapshot.Version));
        command.Parameters.Add(new NpgsqlParameter<string>("t", snapshot.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("d", snapshot.Data));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("c", snapshot.CreatedAt.UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CompactBeforeAsync(string streamId, long version, CancellationToken cancellationToken)
    {
        await using (var snapshots = dataSource.CreateCommand("DELETE FROM platform_snapshots WHERE stream_id = @s AND version < @v"))
        {
            snapshots.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
            snapshots.Parameters.Add(new NpgsqlParameter<long>("v", version));
            await snapshots.ExecuteNonQueryAsync(cancellationToken);
        }

        long total = 0;
        while (true)
        {
            await using var events = dataSource.CreateCommand($"""
                DELETE FROM platform_events WHERE position IN (
                    SELECT position FROM platform_events WHERE stream_id = @s AND version < @v ORDER BY version LIMIT {DeleteChunk})
                """);
            events.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
            events.Parameters.Add(new NpgsqlParameter<long>("v", version));
            var deleted = await events.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < DeleteChunk)
            {
                return total;
            }
        }
    }
}
