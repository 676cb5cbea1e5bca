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

    public async Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO platform_snapshots (stream_id, version, type, data, created_at) VALUES ($s, $v, $t, $d, $c)
            ON CONFLICT (stream_id, version) DO UPDATE SET type = excluded.type, data = excluded.data, created_at = excluded.created_at
            """;
        command.Parameters.AddWithValue("$s", snapshot.StreamId);
        command.Parameters.AddWithValue("$v", snapshot.Version);
        command.Parameters.AddWithValue("$t", snapshot.Type);
        command.Parameters.AddWithValue("$d", snapshot.Data);
        command.Parameters.AddWithValue("$c", snapshot.CreatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
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
