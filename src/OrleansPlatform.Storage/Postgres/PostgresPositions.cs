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
}
