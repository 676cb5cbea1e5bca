namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// PostgreSQL's transaction id counter is behind the event log's highest position, so new events would be placed
/// before stored ones in the global feed. Thrown at start-up; the message says how to repair the server.
/// </summary>
public sealed class TransactionCounterBehindException : Exception
{
    // pg_xact keeps the commit status of 2^20 transactions per segment file: a counter moved to a segment boundary
    // starts on a fresh file.
    private const long SegmentTransactions = 1L << 20;

    public TransactionCounterBehindException(long nextTransactionId, long highestPosition)
        : base(Describe(nextTransactionId, highestPosition))
    {
        NextTransactionId = nextTransactionId;
        HighestPosition = highestPosition;
    }

    /// <summary>The id the server will give its next transaction (64-bit, with epoch).</summary>
    public long NextTransactionId { get; }

    /// <summary>The highest position stored in <c>platform_events</c>.</summary>
    public long HighestPosition { get; }

    private static string Describe(long next, long highest)
    {
        var writer = highest >> PostgresPositions.OrdinalBits;
        var target = (writer / SegmentTransactions + 1) * SegmentTransactions;
        if ((target & uint.MaxValue) < 3)
        {
            // Ids 0-2 of every epoch are reserved by PostgreSQL.
            target += SegmentTransactions;
        }

        return $"PostgreSQL's transaction id counter (next id {next}) is behind the event log, whose highest position was " +
            $"written by transaction {writer}. New events would get positions below stored ones, so feed readers would skip " +
            "them. This happens after the database was moved by dump/restore or logical replication, which restart the " +
            "counter; pg_upgrade and physical replication keep it and are the supported ways to move or upgrade the " +
            "database. To repair this server, stop it and move its counter past the log: " +
            $"pg_resetwal -e {target >> 32} -x {target & uint.MaxValue} <data directory>, then start it and the platform again.";
    }
}
