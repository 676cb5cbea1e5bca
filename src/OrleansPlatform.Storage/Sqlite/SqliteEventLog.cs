using System.Globalization;
using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>
/// The event log in one SQLite file (the embedded default). SQLite admits one writer at a time, so positions
/// (autoincrement row ids) are already in commit order.
/// </summary>
public sealed class SqliteEventLog(SqliteConnectionFactory connections) : IEventLog
{
    private const string Columns = "position, stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at";

    private static readonly string[] InsertParameterNames = ["$s", "$v", "$id", "$ty", "$d", "$m", "$c", "$ca", "$ts"];

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO platform_events (stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at)
            VALUES ($s, $v, $id, $ty, $d, $m, $c, $ca, $ts) ON CONFLICT DO NOTHING RETURNING position
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

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken)
    {
        var sql = direction == ReadDirection.Forward
            ? $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND version >= $v ORDER BY version LIMIT $l"
            : $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND version <= $v ORDER BY version DESC LIMIT $l";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", fromVersion);
        command.Parameters.AddWithValue("$l", limit);
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One deferred (read) transaction gives the page and the end of the log from the same snapshot without
        // taking the write lock the group commit needs.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        var types = request.Types is { Count: > 0 } list ? list : null;
        var typeFilter = types is null ? "" : $"AND event_type IN ({string.Join(", ", types.Select((_, i) => "$t" + i))})";
        command.CommandText = $"""
            SELECT {Columns} FROM platform_events
            WHERE position >= $from {typeFilter} AND ($corr IS NULL OR correlation_id = $corr)
              AND ($system OR substr(stream_id, 1, 1) <> '$')
            ORDER BY position LIMIT $limit
            """;
        command.Parameters.AddWithValue("$from", request.FromPosition);
        command.Parameters.AddWithValue("$limit", request.Limit);
        command.Parameters.AddWithValue("$corr", (object?)request.CorrelationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$system", request.IncludeSystemStreams);
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue("$t" + i, types![i]);
        }

        var events = await ReadEventsAsync(command, cancellationToken);
        if (events.Count == request.Limit)
        {
            return new AllEventsSlice(events, events[^1].Position + 1);
        }

        await using var end = connection.CreateCommand();
        end.CommandText = "SELECT COALESCE(MAX(position), 0) FROM platform_events";
        var last = Convert.ToInt64(await end.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new AllEventsSlice(events, Math.Max(request.FromPosition, last + 1));
    }

    public async Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT version FROM platform_events WHERE stream_id = $s ORDER BY version DESC LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = $s ORDER BY version LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = $s ORDER BY version DESC LIMIT 1)
            """;
        command.Parameters.AddWithValue("$s", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? null
            : new StreamInfo(streamId, reader.GetInt64(0), FromUnixMs(reader.GetInt64(1)), FromUnixMs(reader.GetInt64(2)));
    }

    public async Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var ids = eventIds.ToArray();
        command.CommandText = $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND event_id IN ({string.Join(", ", ids.Select((_, i) => "$e" + i))}) ORDER BY version";
        command.Parameters.AddWithValue("$s", streamId);
        for (var i = 0; i < ids.Length; i++)
        {
            command.Parameters.AddWithValue("$e" + i, ids[i].ToString("D"));
        }

        return await ReadEventsAsync(command, cancellationToken);
    }

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

    public async Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM platform_events WHERE stream_id = $s AND created_at >= $t ORDER BY version LIMIT 1";
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$t", time.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    public async Task<long> GetEndPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) + 1 FROM platform_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<long?> InsertAppendAsync(SqliteCommand insert, SqliteParameter[] p, PendingAppend append, CancellationToken cancellationToken)
    {
        var version = append.CurrentVersion;
        long position = 0;
        foreach (var e in append.Events)
        {
            p[0].Value = append.StreamId;
            p[1].Value = ++version;
            p[2].Value = e.EventId.ToString("D");
            p[3].Value = e.Type;
            p[4].Value = e.Data;
            p[5].Value = (object?)e.Metadata ?? DBNull.Value;
            p[6].Value = (object?)e.CorrelationId ?? DBNull.Value;
            p[7].Value = (object?)e.CausationId ?? DBNull.Value;
            p[8].Value = append.Timestamp.ToUnixTimeMilliseconds();
            var result = await insert.ExecuteScalarAsync(cancellationToken);
            if (result is null or DBNull)
            {
                return null;
            }

            position = (long)result;
        }

        return position;
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RecordedEvent(
                EventId: Guid.Parse(reader.GetString(3)),
                StreamId: reader.GetString(1),
                Version: reader.GetInt64(2),
                Position: reader.GetInt64(0),
                Type: reader.GetString(4),
                Data: reader.GetString(5),
                Metadata: reader.IsDBNull(6) ? null : reader.GetString(6),
                CorrelationId: reader.IsDBNull(7) ? null : reader.GetString(7),
                CausationId: reader.IsDBNull(8) ? null : reader.GetString(8),
                Timestamp: FromUnixMs(reader.GetInt64(9))));
        }

        return events;
    }

    private static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
