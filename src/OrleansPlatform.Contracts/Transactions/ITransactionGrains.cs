using Orleans.Concurrency;

namespace OrleansPlatform.Contracts.Transactions;

/// <summary>The coordinator of one two-phase-commit transaction, keyed by transaction id.</summary>
[Alias("op.tx.ITransactionCoordinatorGrain")]
public interface ITransactionCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the transaction and returns once it is durable (phase one runs in the background). Idempotent: the
    /// same request again returns the existing transaction.
    /// </summary>
    /// <exception cref="Errors.PlatformValidationException">The request is invalid.</exception>
    /// <exception cref="Errors.PlatformConflictException">A transaction with this id exists with a different request.</exception>
    [Alias("Start")]
    Task<TransactionStart> StartAsync(TransactionRequest request);

    /// <summary>The transaction, or null when it was never started. Answers while phase calls are in flight.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<TransactionInfo?> GetAsync();

    /// <summary>
    /// The transaction once it is committed or aborted, or as it is after <paramref name="wait"/> (keep it below the
    /// cluster's response timeout of 30 s); null when it was never started.
    /// </summary>
    [Alias("WaitUntilFinished"), AlwaysInterleave]
    Task<TransactionInfo?> WaitAsync(TimeSpan wait);
}

/// <summary>Statistics and lists of transactions, from the coordinators' read model.</summary>
[Alias("op.tx.ITransactionStatisticsGrain")]
public interface ITransactionStatisticsGrain : IGrainWithIntegerKey
{
    /// <summary>Counts by status, commit and abort rates and duration percentiles of the transactions created in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    [Alias("Get")]
    Task<TransactionStatistics> GetAsync(DateTimeOffset? from = null, DateTimeOffset? to = null);

    /// <summary>A page of transactions matching <paramref name="query"/>, newest first.</summary>
    /// <exception cref="Errors.PlatformValidationException">The limit or cursor is invalid.</exception>
    [Alias("List")]
    Task<TransactionList> ListAsync(TransactionListQuery query);
}
