using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// The event log on PostgreSQL. Positions are <c>(transaction id &lt;&lt; 20) | ordinal</c>, so the global feed can be
/// read up to the oldest running transaction and never skip a row that commits later with a lower position.
/// </summary>
public sealed class PostgresEventLog(NpgsqlDataSource dataSource) : IEventLog
{
    /// <summary>Bits of a position that number the rows of one transaction.</summary>
    public const int OrdinalBits = 20;

    private const string Columns = "position, stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at";

    // One statement in its own implicit transaction: a single round trip, committed (and flushed) before the server
    // reports ready. A unique violation rolls all of it back, and the batch is then written by the resolving path.
    private static readonly string InsertSql = $"""
        INSERT INTO platform_events ({Columns})
        SELECT (pg_current_xact_id()::text::bigint << {OrdinalBits}) | t.ord, t.s, t.v, t.id, t.ty, t.d::json, t.m::json, t.c, t.ca, t.ts
        FROM unnest(@s, @v, @id, @ty, @d, @m, @c, @ca, @ts) WITH ORDINALITY AS t(s, v, id, ty, d, m, c, ca, ts, ord)
        RETURNING position
        """;

    // Keeps the rows that do not conflict, so the conflicting appends can be told apart from the rest.
    private static readonly string InsertSkippingConflictsSql = InsertSql.Replace("RETURNING", "ON CONFLICT DO NOTHING\nRETURNING", StringComparison.Ordinal);

    // The frontier and the page come from one statement, hence one snapshot: every transaction below the frontier
    // has finished, and no future transaction can get an id below it.
    private static readonly string ReadAllSql = $"""
        WITH f AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {OrdinalBits} AS frontier)
        SELECT f.frontier, e.* FROM f LEFT JOIN LATERAL (
            SELECT {Columns} FROM platform_events
            WHERE position >= @from AND position < f.frontier
              AND (@types::text[] IS NULL OR event_type = ANY(@types))
              AND (@corr::text IS NULL OR correlation_id = @corr)
              AND (@system OR left(stream_id, 1) <> '$')
            ORDER BY position LIMIT @limit) e ON true
        """;

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        var rows = appends.Sum(a => a.Events.Count);
        if (rows >= 1 << OrdinalBits)
        {
            throw new ArgumentException($"A batch holds fewer than {1 << OrdinalBits} events.", nameof(appends));
        }

        // Conflicts are rare (a retried append, a reused event id, two activations during a membership change), so
        // the common case pays for one statement and one round trip; only a batch that conflicts pays for two.
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var insert = BuildInsert(InsertSql, connection, null, appends, rows);
            var written = await ExecuteInsertAsync(insert, rows, cancellationToken);
            return Outcomes(appends, written, []);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return await AppendSkippingConflictsAsync(appends, rows, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<AppendOutcome>> AppendSkippingConflictsAsync(IReadOnlyList<PendingAppend> appends, int rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        WrittenRows written;
        await using (var insert = BuildInsert(InsertSkippingConflictsSql, connection, transaction, appends, rows))
        {
            written = await ExecuteInsertAsync(insert, rows, cancellationToken);
        }

        var orphans = new List<long>();
        var outcomes = Outcomes(appends, written, orphans);
        if (orphans.Count > 0)
        {
            // Part of an append conflicted: remove its other rows before commit so each append stays all-or-nothing.
            await using var delete = new NpgsqlCommand("DELETE FROM platform_events WHERE position = ANY(@p)", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<long[]>("p", orphans.ToArray()));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>Runs an insert and records which rows (by ordinal) were written, and at which position.</summary>
    private static async Task<WrittenRows> ExecuteInsertAsync(NpgsqlCommand insert, int rows, CancellationToken cancellationToken)
    {
        var written = new WrittenRows(new bool[rows], new long[rows]);
        // Disposing the reader waits for the server to be ready again, which for an implicit transaction is after
        // its commit: nothing is reported written before it is durable.
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            var index = (int)(position & ((1L << OrdinalBits) - 1)) - 1;
            written.Inserted[index] = true;
            written.Positions[index] = position;
        }

        return written;
    }

    /// <summary>One outcome per append; the rows written for appends that did not survive whole go to <paramref name="orphans"/>.</summary>
    private static AppendOutcome[] Outcomes(IReadOnlyList<PendingAppend> appends, WrittenRows written, List<long> orphans)
    {
        var outcomes = new AppendOutcome[appends.Count];
        var offset = 0;
        for (var i = 0; i < appends.Count; i++)
        {
            var count = appends[i].Events.Count;
            var kept = written.Inserted.AsSpan(offset, count);
            if (!kept.Contains(false))
            {
                outcomes[i] = new AppendOutcome(true, written.Positions[offset + count - 1]);
            }
            else
            {
                outcomes[i] = AppendOutcome.Conflict;
                for (var j = 0; j < count; j++)
                {
                    if (kept[j])
                    {
                        orphans.Add(written.Positions[offset + j]);
                    }
                }
            }

            offset += count;
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken)
    {
        var sql = direction == ReadDirection.Forward
            ? $"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND version >= @v ORDER BY version LIMIT @l"
            : $"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND version <= @v ORDER BY version DESC LIMIT @l";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", fromVersion));
        command.Parameters.Add(new NpgsqlParameter<int>("l", limit));
        return await ReadEventsAsync(command, 0, cancellationToken);
    }

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadAllSql);
        command.Parameters.Add(new NpgsqlParameter<long>("from", request.FromPosition));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", request.Limit));
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = request.Types is { Count: > 0 } types ? types.ToArray() : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter("corr", NpgsqlDbType.Text) { Value = (object?)request.CorrelationId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<bool>("system", request.IncludeSystemStreams));

        var events = new List<RecordedEvent>(Math.Min(request.Limit, 1024));
        long frontier = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                frontier = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    events.Add(ReadEvent(reader, 1));
                }
            }
        }

        var next = events.Count == request.Limit
            ? events[^1].Position + 1
            : Math.Max(request.FromPosition, frontier);
        return new AllEventsSlice(events, next);
    }

    public async Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT version FROM platform_events WHERE stream_id = @s ORDER BY version DESC LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = @s ORDER BY version LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = @s ORDER BY version DESC LIMIT 1)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? null
            : new StreamInfo(streamId, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
    }

    public async Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND event_id = ANY(@ids) ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", eventIds.ToArray()));
        return await ReadEventsAsync(command, 0, cancellationToken);
    }

    public async Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Small transactions: a long one would hold back the global feed's frontier (the oldest running xid).
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM platform_events WHERE position IN (
                    SELECT position FROM platform_events
                    WHERE stream_id = @s AND created_at < @cutoff
                      AND version < (SELECT max(version) FROM platform_events WHERE stream_id = @s)
                    ORDER BY version LIMIT 5000)
                """);
            command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", cutoff.UtcDateTime));
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < 5000)
            {
                return total;
            }
        }
    }

    public async Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version FROM platform_events WHERE stream_id = @s AND created_at >= @t ORDER BY version LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", time.UtcDateTime));
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    public async Task<long> GetEndPositionAsync(CancellationToken cancellationToken)
    {
        // Everything below the oldest running transaction is final; everything at or above it is still to come.
        await using var command = dataSource.CreateCommand($"SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {OrdinalBits}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static NpgsqlCommand BuildInsert(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingAppend> appends, int rows)
    {
        var streams = new string[rows];
        var versions = new long[rows];
        var ids = new Guid[rows];
        var types = new string[rows];
        var data = new string[rows];
        var metadata = new string?[rows];
        var correlations = new string?[rows];
        var causations = new string?[rows];
        var timestamps = new DateTime[rows];
        var row = 0;
        foreach (var append in appends)
        {
            var version = append.CurrentVersion;
            foreach (var e in append.Events)
            {
                streams[row] = append.StreamId;
                versions[row] = ++version;
                ids[row] = e.EventId;
                types[row] = e.Type;
                data[row] = e.Data;
                metadata[row] = e.Metadata;
                correlations[row] = e.CorrelationId;
                causations[row] = e.CausationId;
                timestamps[row] = append.Timestamp.UtcDateTime;
                row++;
            }
        }

        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("s", streams));
        command.Parameters.Add(new NpgsqlParameter<long[]>("v", versions));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("id", ids));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ty", types));
        command.Parameters.Add(new NpgsqlParameter<string[]>("d", data));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("m", metadata) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("c", correlations) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("ca", causations) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ts", timestamps) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        return command;
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, int offset, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader, offset));
        }

        return events;
    }

    private static RecordedEvent ReadEvent(DbDataReader reader, int o) => new(
        EventId: reader.GetGuid(o + 3),
        StreamId: reader.GetString(o + 1),
        Version: reader.GetInt64(o + 2),
        Position: reader.GetInt64(o),
        Type: reader.GetString(o + 4),
        Data: reader.GetString(o + 5),
        Metadata: reader.IsDBNull(o + 6) ? null : reader.GetString(o + 6),
        CorrelationId: reader.IsDBNull(o + 7) ? null : reader.GetString(o + 7),
        CausationId: reader.IsDBNull(o + 8) ? null : reader.GetString(o + 8),
        Timestamp: new DateTimeOffset(reader.GetFieldValue<DateTime>(o + 9), TimeSpan.Zero));

    private readonly record struct WrittenRows(bool[] Inserted, long[] Positions);
}
