using Microsoft.Data.Sqlite;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>
/// Writes batches of appends to SQLite. SQLite admits one writer at a time, so positions (autoincrement row ids) are
/// already in commit order.
/// </summary>
internal sealed class SqliteEventAppender(SqliteConnectionFactory connections)
{
    private static readonly string[] InsertParameterNames = ["$s", "$v", "$id", "$ty", "$d", "$m", "$c", "$ca", "$ts", "$sv", "$ck", "$pc"];

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO platform_events (stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at, schema_version, checksum, previous_checksum)
            VALUES ($s, $v, $id, $ty, $d, $m, $c, $ca, $ts, $sv, $ck, $pc) ON CONFLICT DO NOTHING RETURNING position
            """;
        var parameters = InsertParameterNames
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();

        var outcomes = new AppendOutcome[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            // A savepoint per append keeps each one all-or-nothing while the batch shares one commit.
            transaction.Save("a");
            var lastPosition = await InsertAppendAsync(insert, parameters, append, cancellationToken);
            if (lastPosition is { } position)
            {
                transaction.Release("a");
                outcomes[i] = new AppendOutcome(true, position);
            }
            else
            {
                transaction.Rollback("a");
                transaction.Release("a");
                outcomes[i] = AppendOutcome.Conflict;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<long?> InsertAppendAsync(SqliteCommand insert, SqliteParameter[] p, PendingAppend append, CancellationToken cancellationToken)
    {
        var version = append.CurrentVersion;
        long position = 0;
        var previous = append.PreviousChecksum;
        for (var i = 0; i < append.Events.Count; i++)
        {
            var e = append.Events[i];
            var checksum = append.Checksums?[i];
            p[0].Value = append.StreamId;
            p[1].Value = ++version;
            p[2].Value = e.EventId.ToString("D");
            p[3].Value = e.Type;
            p[4].Value = e.Data;
            p[5].Value = (object?)e.Metadata ?? DBNull.Value;
            p[6].Value = (object?)e.CorrelationId ?? DBNull.Value;
            p[7].Value = (object?)e.CausationId ?? DBNull.Value;
            p[8].Value = append.Timestamp.ToUnixTimeMilliseconds();
            p[9].Value = (object?)e.SchemaVersion ?? DBNull.Value;
            p[10].Value = (object?)checksum ?? DBNull.Value;
            p[11].Value = checksum is null ? DBNull.Value : (object?)previous ?? DBNull.Value;
            previous = checksum;
            var result = await insert.ExecuteScalarAsync(cancellationToken);
            if (result is null or DBNull)
            {
                return null;
            }

            position = (long)result;
        }

        return position;
    }
}
