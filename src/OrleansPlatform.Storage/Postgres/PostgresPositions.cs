using Npgsql;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// The global position on PostgreSQL: <c>(transaction id &lt;&lt; <see cref="OrdinalBits"/>) | ordinal</c>. Ordering
/// the feed by it and reading only below the oldest running transaction (the no-gap frontier) means a reader never
/// passes a row that commits later with a lower position.
/// </summary>
public sealed class PostgresPositions(NpgsqlDataSource dataSource)
{
    /// <summary>Bits of a position that number the rows of one transaction.</summary>
    public const int OrdinalBits = 20;

    /// <summary>
    /// The frontier as SQL: every transaction below the oldest running one has finished, and no future transaction
    /// can get an id below it.
    /// </summary>
    internal static readonly string FrontierSql = $"pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {OrdinalBits}";

    // The oldest running transaction id is the frontier; it belongs to a session or to a prepared transaction, on any
    // database of the instance. Sessions of other roles show no state without pg_read_all_stats, hence the fallback.
    private static readonly string FrontierStatusSql = $"""
        WITH f AS MATERIALIZED (SELECT {FrontierSql} AS frontier),
        b AS (
            SELECT a.pid, NULL::text AS gid, coalesce(a.state, 'unknown') AS state,
                   extract(epoch FROM clock_timestamp() - a.xact_start)::float8 AS age, a.datname::text AS db,
                   a.application_name AS app, age(a.backend_xid) AS xid_age
            FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL
            UNION ALL
            SELECT NULL, p.gid, 'prepared', extract(epoch FROM clock_timestamp() - p.prepared)::float8, p.database::text,
                   NULL, age(p.transaction)
            FROM pg_prepared_xacts p
            ORDER BY xid_age DESC LIMIT 1)
        SELECT f.frontier, (SELECT max(position) FROM platform_events), b.pid, b.gid, b.state, b.age, b.db, b.app
        FROM f LEFT JOIN b ON true
        """;

    /// <summary>A position from which a reader sees only events committed from now on (and none it could miss).</summary>
    public async Task<long> GetEndPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {FrontierSql}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Refuses to let the platform run when the transaction id counter is behind the highest stored position (see
    /// <see cref="TransactionCounterBehindException"/>).
    /// </summary>
    /// <exception cref="TransactionCounterBehindException">The counter went backwards (a dump/restore).</exception>
    public async Task EnsureCounterAheadAsync(CancellationToken cancellationToken)
    {
        // xmax is the id the next transaction gets; reading it assigns none, unlike pg_current_xact_id().
        await using var command = dataSource.CreateCommand("""
            SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint, (SELECT max(position) FROM platform_events)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var next = reader.GetInt64(0);
        if (!reader.IsDBNull(1) && reader.GetInt64(1) >> OrdinalBits >= next)
        {
            throw new TransactionCounterBehindException(next, reader.GetInt64(1));
        }
    }

    /// <summary>Reads how far the frontier lags and which transaction holds it (see <see cref="FrontierStatus"/>).</summary>
    public async Task<FrontierStatus> ReadFrontierAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FrontierStatusSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var frontier = reader.GetInt64(0);
        long? newest = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        if (newest is not { } held || held < frontier)
        {
            return new FrontierStatus(frontier, newest, 0, 0, null);
        }

        if (reader.IsDBNull(4))
        {
            // Held back by a transaction neither view shows any more (it ended between the two reads).
            return new FrontierStatus(frontier, newest, held - frontier + 1, 0, null);
        }

        var blocking = new BlockingTransaction(
            Pid: reader.IsDBNull(2) ? null : reader.GetInt32(2),
            PreparedId: reader.IsDBNull(3) ? null : reader.GetString(3),
            State: reader.GetString(4),
            AgeSeconds: reader.IsDBNull(5) ? 0 : reader.GetDouble(5),
            Database: reader.IsDBNull(6) ? null : reader.GetString(6),
            Application: reader.IsDBNull(7) || reader.GetString(7).Length == 0 ? null : reader.GetString(7));
        return new FrontierStatus(frontier, newest, held - frontier + 1, blocking.AgeSeconds, blocking);
    }
}
