using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Client;

/// <summary>
/// Two-phase-commit transactions as a .NET service runs them: every participant is prepared, then all commit or all
/// abort; the decision is durable before phase two, and phase two is retried until every participant acknowledged.
/// Errors are typed exceptions: <see cref="Contracts.Errors.PlatformValidationException"/> (with <c>Errors</c> per
/// field) for an invalid request, <see cref="Contracts.Errors.PlatformConflictException"/> when the id is taken by a
/// different request.
/// </summary>
/// <example>
/// <code>
/// var outcome = await transactions.RunAsync(new TransactionRequest("order-42-payment",
/// [
///     new TransactionParticipant("payments",
///         new ParticipantCallSpec(new CallTarget("POST", Service: "payments", Path: "/tx/prepare"), """{"amount":42}"""),
///         new ParticipantCallSpec(new CallTarget("POST", Service: "payments", Path: "/tx/commit")),
///         new ParticipantCallSpec(new CallTarget("POST", Service: "payments", Path: "/tx/abort"))),
///     // ... more participants
/// ], TimeSpan.FromSeconds(10)));
/// if (outcome.Status == TransactionStatus.Committed) { ... }
/// </code>
/// </example>
public interface ITransactions
{
    /// <summary>
    /// Starts the transaction (or finds the one with the same id and request) and waits until it is committed or
    /// aborted. Cancelling stops the waiting only: the transaction goes on to its outcome.
    /// </summary>
    /// <returns>The finished transaction: <see cref="TransactionStatus.Committed"/> or <see cref="TransactionStatus.Aborted"/>, with each participant's vote and outcome.</returns>
    Task<TransactionInfo> RunAsync(TransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts the transaction and returns once it is durable (phases run in the cluster). Idempotent on the id:
    /// the same request again returns the existing transaction with <see cref="TransactionStart.Created"/> false.
    /// </summary>
    Task<TransactionStart> StartAsync(TransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>The transaction as it is now, or null when no transaction has that id.</summary>
    Task<TransactionInfo?> GetAsync(string transactionId, CancellationToken cancellationToken = default);

    /// <summary>Counts by status, commit and abort rates and duration percentiles over every transaction.</summary>
    Task<TransactionStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Statistics of the transactions created in [<paramref name="from"/>, <paramref name="to"/>) (each bound optional).</summary>
    Task<TransactionStatistics> GetStatisticsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>A page of transactions, newest first; pass <see cref="TransactionList.NextCursor"/> on for the next one.</summary>
    /// <exception cref="OrleansPlatform.Contracts.Errors.PlatformValidationException">The limit is not 1 to 1000, or the cursor is not one this API returned.</exception>
    Task<TransactionList> ListAsync(TransactionListQuery? query = null, CancellationToken cancellationToken = default);
}
