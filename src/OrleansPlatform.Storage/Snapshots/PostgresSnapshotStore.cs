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

    public async Task<StoredSnapshot?> ReadAtOrBeforeAsync(string streamId, string type, long maxVersion, DateTimeOffset? maxEventTime, CancellationToken cancellationToken)
    {
        // The primary key walks the stream's snapshots down from maxVersion; type and time only filter that short walk.
        await using var command = dataSource.CreateCommand("""
            SELECT version, data::text, created_at, event_time FROM platform_snapshots
            WHERE stream_id = @s AND version <= @v AND type = @t AND (@at::timestamptz IS NULL OR event_time <= @at)
            ORDER BY version DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", maxVersion));
        command.Parameters.Add(new NpgsqlParameter<string>("t", type));
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = maxEventTime is { } at ? at.UtcDateTime : DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSnapshot(streamId, reader.GetInt64(0), type, reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    public async Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var save = new NpgsqlBatchCommand("""
            INSERT INTO platform_snapshots (stream_id, version, type, data, created_at, event_time) VALUES (@s, @v, @t, @d::json, @c, @e)
            ON CONFLICT (stream_id, version) DO UPDATE
            SET type = excluded.type, data = excluded.data, created_at = excluded.created_at, event_time = excluded.event_time
            """);
        save.Parameters.Add(new NpgsqlParameter<string>("s", snapshot.StreamId));
        save.Parameters.Add(new NpgsqlParameter<long>("v", snapshot.Version));
        save.Parameters.Add(new NpgsqlParameter<string>("t", snapshot.Type));
        save.Parameters.Add(new NpgsqlParameter<string>("d", snapshot.Data));
        save.Parameters.Add(new NpgsqlParameter<DateTime>("c", snapshot.CreatedAt.UtcDateTime));
        save.Parameters.Add(new NpgsqlParameter("e", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = snapshot.EventTime is { } e ? e.UtcDateTime : DBNull.Value });
        batch.BatchCommands.Add(save);
        if (snapshot.Subjects is { Count: > 0 } subjects)
        {
            // Listed in the same transaction as the snapshot: an erasure that sees no listing sees no snapshot either.
            var listed = new NpgsqlBatchCommand("""
                INSERT INTO platform_snapshot_subjects (subject_id, stream_id) SELECT unnest(@subjects), @s ON CONFLICT DO NOTHING
                """);
            listed.Parameters.Add(new NpgsqlParameter<string[]>("subjects", subjects.ToArray()));
            listed.Parameters.Add(new NpgsqlParameter<string>("s", snapshot.StreamId));
            batch.BatchCommands.Add(listed);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string streamId, string? exceptType, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM platform_snapshots WHERE stream_id = @s AND (@t::text IS NULL OR type <> @t)");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter("t", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)exceptType ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var snapshots = new NpgsqlBatchCommand("""
            DELETE FROM platform_snapshots WHERE stream_id IN (SELECT stream_id FROM platform_snapshot_subjects WHERE subject_id = @id)
            """);
        snapshots.Parameters.Add(new NpgsqlParameter<string>("id", subjectId));
        var listing = new NpgsqlBatchCommand("DELETE FROM platform_snapshot_subjects WHERE subject_id = @id");
        listing.Parameters.Add(new NpgsqlParameter<string>("id", subjectId));
        batch.BatchCommands.Add(snapshots);
        batch.BatchCommands.Add(listing);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return listing.RecordsAffected;
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
