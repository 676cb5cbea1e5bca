using Microsoft.Data.Sqlite;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Snapshots;

/// <summary>Snapshots in the embedded database's <c>platform_snapshots</c>.</summary>
public sealed class SqliteSnapshotStore(SqliteConnectionFactory connections) : ISnapshotStore
{
    public async Task<StoredSnapshot?> ReadLatestAsync(string streamId, long maxVersion, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, type, data, created_at FROM platform_snapshots
            WHERE stream_id = $s AND version <= $v ORDER BY version DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", maxVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSnapshot(streamId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    }

    public async Task<StoredSnapshot?> ReadAtOrBeforeAsync(string streamId, string type, long maxVersion, DateTimeOffset? maxEventTime, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, data, created_at, event_time FROM platform_snapshots
            WHERE stream_id = $s AND version <= $v AND type = $t AND ($at IS NULL OR event_time <= $at)
            ORDER BY version DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", maxVersion);
        command.Parameters.AddWithValue("$t", type);
        command.Parameters.AddWithValue("$at", maxEventTime is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSnapshot(streamId, reader.GetInt64(0), type, reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
            : null;
    }

    public async Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO platform_snapshots (stream_id, version, type, data, created_at, event_time) VALUES ($s, $v, $t, $d, $c, $e)
                ON CONFLICT (stream_id, version) DO UPDATE
                SET type = excluded.type, data = excluded.data, created_at = excluded.created_at, event_time = excluded.event_time
                """;
            command.Parameters.AddWithValue("$s", snapshot.StreamId);
            command.Parameters.AddWithValue("$v", snapshot.Version);
            command.Parameters.AddWithValue("$t", snapshot.Type);
            command.Parameters.AddWithValue("$d", snapshot.Data);
            command.Parameters.AddWithValue("$c", snapshot.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$e", snapshot.EventTime is { } e ? e.ToUnixTimeMilliseconds() : DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Listed in the same transaction as the snapshot: an erasure that sees no listing sees no snapshot either.
        foreach (var subject in snapshot.Subjects ?? [])
        {
            await using var listed = connection.CreateCommand();
            listed.Transaction = transaction;
            listed.CommandText = "INSERT INTO platform_snapshot_subjects (subject_id, stream_id) VALUES ($id, $s) ON CONFLICT DO NOTHING";
            listed.Parameters.AddWithValue("$id", subject);
            listed.Parameters.AddWithValue("$s", snapshot.StreamId);
            await listed.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(string streamId, string? exceptType, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM platform_snapshots WHERE stream_id = $s AND ($t IS NULL OR type <> $t)";
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$t", (object?)exceptType ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM platform_snapshots WHERE stream_id IN (SELECT stream_id FROM platform_snapshot_subjects WHERE subject_id = $id);
            DELETE FROM platform_snapshot_subjects WHERE subject_id = $id;
            """;
        command.Parameters.AddWithValue("$id", subjectId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var changes = connection.CreateCommand();
        changes.Transaction = transaction;
        changes.CommandText = "SELECT changes()";
        var streams = (long)(await changes.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return (int)streams;
    }

    public async Task<long> CompactBeforeAsync(string streamId, long version, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM platform_snapshots WHERE stream_id = $s AND version < $v;
            DELETE FROM platform_events WHERE stream_id = $s AND version < $v;
            """;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", version);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var changes = connection.CreateCommand();
        changes.Transaction = transaction;
        changes.CommandText = "SELECT changes()";
        var deleted = (long)(await changes.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
