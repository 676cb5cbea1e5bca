using Npgsql;
using NpgsqlTypes;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// Writes batches of appends to PostgreSQL. Each row's position is <c>(transaction id &lt;&lt; 20) | ordinal</c>
/// (see <see cref="PostgresPositions"/>), so all rows of one batch share their transaction's place in the feed.
/// </summary>
internal sealed class PostgresEventAppender(NpgsqlDataSource dataSource)
{
    private const string Columns = PostgresEventColumns.List;
    private const int OrdinalBits = PostgresPositions.OrdinalBits;

    // One statement in its own implicit transaction: a single round trip, committed (and flushed) before the server
    // reports ready. A unique violation rolls all of it back, and the batch is then written by the resolving path.
    private static readonly string InsertSql = $"""
        INSERT INTO platform_events ({Columns})
        SELECT (pg_current_xact_id()::text::bigint << {OrdinalBits}) | t.ord, t.s, t.v, t.id, t.ty, t.d::json, t.m::json, t.c, t.ca, t.ts, t.sv, t.ck, t.pc
        FROM unnest(@s, @v, @id, @ty, @d, @m, @c, @ca, @ts, @sv, @ck, @pc) WITH ORDINALITY AS t(s, v, id, ty, d, m, c, ca, ts, sv, ck, pc, ord)
        RETURNING position
        """;

    // Keeps the rows that do not conflict, so the conflicting appends can be told apart from the rest.
    private static readonly string InsertSkippingConflictsSql = InsertSql.Replace("RETURNING", "ON CONFLICT DO NOTHING\nRETURNING", StringComparison.Ordinal);

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
        var schemaVersions = new int?[rows];
        var checksums = new string?[rows];
        var previousChecksums = new string?[rows];
        var row = 0;
        foreach (var append in appends)
        {
            var version = append.CurrentVersion;
            var previous = append.PreviousChecksum;
            for (var i = 0; i < append.Events.Count; i++)
            {
                var e = append.Events[i];
                var checksum = append.Checksums?[i];
                checksums[row] = checksum;
                previousChecksums[row] = checksum is null ? null : previous;
                previous = checksum;
                streams[row] = append.StreamId;
                versions[row] = ++version;
                ids[row] = e.EventId;
                types[row] = e.Type;
                data[row] = e.Data;
                metadata[row] = e.Metadata;
                correlations[row] = e.CorrelationId;
                causations[row] = e.CausationId;
                timestamps[row] = append.Timestamp.UtcDateTime;
                schemaVersions[row] = e.SchemaVersion;
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
        command.Parameters.Add(new NpgsqlParameter<int?[]>("sv", schemaVersions) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("ck", checksums) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("pc", previousChecksums) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    private readonly record struct WrittenRows(bool[] Inserted, long[] Positions);
}
