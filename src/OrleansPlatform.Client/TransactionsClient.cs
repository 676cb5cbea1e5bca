using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Client;

/// <summary><see cref="ITransactions"/> over grain calls.</summary>
internal sealed class TransactionsClient(IClusterClient cluster) : ITransactions
{
    // Below the cluster's 30 s response timeout: a long wait is several calls, each answered in time.
    private static readonly TimeSpan WaitPerCall = TimeSpan.FromSeconds(20);

    public async Task<TransactionInfo> RunAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        var start = await StartAsync(request, cancellationToken);
        var transaction = start.Transaction;
        var coordinator = cluster.GetGrain<ITransactionCoordinatorGrain>(request.TransactionId);
        while (!transaction.IsFinished)
        {
            transaction = await coordinator.WaitAsync(WaitPerCall).WaitAsync(cancellationToken)
                ?? throw new ResourceNotFoundException("transaction", request.TransactionId);
        }

        return transaction;
    }

    public Task<TransactionStart> StartAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        TransactionRules.EnsureValid(request);
        return cluster.GetGrain<ITransactionCoordinatorGrain>(request.TransactionId).StartAsync(request).WaitAsync(cancellationToken);
    }

    public Task<TransactionInfo?> GetAsync(string transactionId, CancellationToken cancellationToken = default)
    {
        if (TransactionRules.IdError(transactionId, "transaction id") is { } error)
        {
            throw new PlatformValidationException("transactionId", error);
        }

        return cluster.GetGrain<ITransactionCoordinatorGrain>(transactionId).GetAsync().WaitAsync(cancellationToken);
    }

    public Task<TransactionStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        GetStatisticsAsync(null, null, cancellationToken);

    public Task<TransactionStatistics> GetStatisticsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ITransactionStatisticsGrain>(0).GetAsync(from, to).WaitAsync(cancellationToken);

    public Task<TransactionList> ListAsync(TransactionListQuery? query = null, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ITransactionStatisticsGrain>(0).ListAsync(query ?? new TransactionListQuery()).WaitAsync(cancellationToken);
}
