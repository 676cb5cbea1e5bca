using Orleans.Concurrency;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.Transactions;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>Statistics from the transactions' read model; any silo answers.</summary>
[StatelessWorker]
public sealed class TransactionStatisticsGrain(ITransactionReadModel readModel) : Grain, ITransactionStatisticsGrain
{
    public Task<TransactionStatistics> GetAsync() => readModel.GetStatisticsAsync(CancellationToken.None);
}
