namespace OrleansPlatform.Contracts.Transactions;

/// <summary>Where a transaction is: preparing, then committing or aborting (phase two), then committed or aborted.</summary>
public enum TransactionStatus
{
    /// <summary>Phase one: participants are asked to prepare; nothing is decided yet (no decision means abort).</summary>
    Preparing = 0,

    /// <summary>Every participant voted yes and the commit decision is durable; commits are being acknowledged.</summary>
    Committing = 1,

    /// <summary>Every participant acknowledged its commit.</summary>
    Committed = 2,

    /// <summary>The abort decision is durable; aborts are being acknowledged.</summary>
    Aborting = 3,

    /// <summary>Every participant acknowledged its abort.</summary>
    Aborted = 4,
}

/// <summary>How a participant answered the prepare call.</summary>
public enum PrepareVote
{
    /// <summary>No answer yet (or never asked: the coordinator restarted before deciding).</summary>
    Pending = 0,

    /// <summary>A 2xx answer: the participant can commit.</summary>
    Prepared = 1,

    /// <summary>Any other answer, or the participant could not be reached.</summary>
    VoteNo = 2,

    /// <summary>No answer within the transaction's timeout.</summary>
    Timeout = 3,
}

/// <summary>How phase two ended for a participant.</summary>
public enum PhaseTwoOutcome
{
    /// <summary>Not acknowledged yet (still retried).</summary>
    Pending = 0,

    /// <summary>The participant acknowledged the commit.</summary>
    Committed = 1,

    /// <summary>The participant acknowledged the abort.</summary>
    Aborted = 2,
}

/// <summary>A transaction as its coordinator knows it.</summary>
/// <param name="TransactionId">The id.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Participants">Each branch's vote and phase-two outcome, in request order.</param>
/// <param name="Timeout">The prepare timeout.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="DecidedAt">When the decision became durable, if it has.</param>
/// <param name="CompletedAt">When the last participant acknowledged phase two, if it has.</param>
/// <param name="Reason">Why it aborted, for people.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionInfo")]
public sealed record TransactionInfo(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] TransactionStatus Status,
    [property: Id(2)] IReadOnlyList<ParticipantInfo> Participants,
    [property: Id(3)] TimeSpan Timeout,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? DecidedAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] string? Reason)
{
    /// <summary>True once committed or aborted: every participant acknowledged the decision.</summary>
    public bool IsFinished => Status is TransactionStatus.Committed or TransactionStatus.Aborted;
}

/// <summary>One branch of a transaction.</summary>
/// <param name="Branch">The branch name (<c>X-Transaction-Branch</c>).</param>
/// <param name="Vote">Its prepare vote.</param>
/// <param name="Outcome">Its phase-two outcome.</param>
/// <param name="Attempts">Phase-two calls made to it so far.</param>
/// <param name="LastError">The last failed call's error (prepare or phase two), if any.</param>
[GenerateSerializer, Immutable, Alias("op.tx.ParticipantInfo")]
public sealed record ParticipantInfo(
    [property: Id(0)] string Branch,
    [property: Id(1)] PrepareVote Vote,
    [property: Id(2)] PhaseTwoOutcome Outcome,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string? LastError);

/// <summary>What starting a transaction did.</summary>
/// <param name="Transaction">The transaction, as it is now.</param>
/// <param name="Created">False when a transaction with this id already existed (with the same request).</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionStart")]
public sealed record TransactionStart(
    [property: Id(0)] TransactionInfo Transaction,
    [property: Id(1)] bool Created);

/// <summary>Counts and timings over every transaction.</summary>
/// <param name="ByStatus">How many transactions are in each status.</param>
/// <param name="Total">All transactions.</param>
/// <param name="CommitRate">Committed among the finished ones (0-1), or null when none has finished.</param>
/// <param name="DurationP50">Median start-to-finish time of the finished ones.</param>
/// <param name="DurationP99">99th percentile start-to-finish time of the finished ones.</param>
/// <param name="AbortRate">Aborted among the finished ones (0-1), or null when none has finished.</param>
/// <param name="DurationP50Ms">The median in milliseconds, as the database computed it (continuous percentile).</param>
/// <param name="DurationP99Ms">The 99th percentile in milliseconds, as the database computed it.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionStatistics")]
public sealed record TransactionStatistics(
    [property: Id(0)] IReadOnlyDictionary<TransactionStatus, long> ByStatus,
    [property: Id(1)] long Total,
    [property: Id(2)] double? CommitRate,
    [property: Id(3)] TimeSpan? DurationP50,
    [property: Id(4)] TimeSpan? DurationP99,
    [property: Id(5)] double? AbortRate = null,
    [property: Id(6)] double? DurationP50Ms = null,
    [property: Id(7)] double? DurationP99Ms = null);

/// <summary>Which transactions to list, newest first.</summary>
/// <param name="Statuses">Only these statuses; null or empty: all.</param>
/// <param name="From">Only transactions created at or after this time.</param>
/// <param name="To">Only transactions created before this time.</param>
/// <param name="Limit">Page size, 1 to 1000.</param>
/// <param name="Cursor">The <see cref="TransactionList.NextCursor"/> of the previous page.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionListQuery")]
public sealed record TransactionListQuery(
    [property: Id(0)] IReadOnlyList<TransactionStatus>? Statuses = null,
    [property: Id(1)] DateTimeOffset? From = null,
    [property: Id(2)] DateTimeOffset? To = null,
    [property: Id(3)] int Limit = 100,
    [property: Id(4)] string? Cursor = null);

/// <summary>A transaction in a list.</summary>
/// <param name="TransactionId">Its id.</param>
/// <param name="Status">Its status (as of its last journal write).</param>
/// <param name="Participants">How many participants it has.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="FinishedAt">When it was committed or aborted, if it has been.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionSummary")]
public sealed record TransactionSummary(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] TransactionStatus Status,
    [property: Id(2)] int Participants,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt);

/// <summary>A page of transactions.</summary>
/// <param name="Transactions">The transactions.</param>
/// <param name="NextCursor">Where the next page starts; null at the end.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionList")]
public sealed record TransactionList(
    [property: Id(0)] IReadOnlyList<TransactionSummary> Transactions,
    [property: Id(1)] string? NextCursor);
