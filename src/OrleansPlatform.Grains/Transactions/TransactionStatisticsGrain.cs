using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.ReadModels;
using OrleansPlatform.Storage.Transactions;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>Statistics and lists from the transactions' read model; any silo answers.</summary>
[StatelessWorker, Reentrant]
public sealed class TransactionStatisticsGrain(ITransactionReadModel readModel) : Grain, ITransactionStatisticsGrain
{
    public const int MaxLimit = 1_000;

    public Task<TransactionStatistics> GetAsync(DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        readModel.GetStatisticsAsync(from, to, CancellationToken.None);

    public async Task<TransactionList> ListAsync(TransactionListQuery query)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new PlatformValidationException("limit", $"Between 1 and {MaxLimit}.");
        }

        if (query.Cursor is not null && KeysetCursor.Decode(query.Cursor) is null)
        {
            throw new PlatformValidationException("cursor", "Not a cursor this API returned.");
        }

        var page = await readModel.QueryAsync(
            new TransactionQuery(query.Statuses?.Select(TransactionStatusNames.Of).ToList(), query.From, query.To, query.Limit, query.Cursor),
            CancellationToken.None);
        return new TransactionList(
            page.Transactions.Select(r => new TransactionSummary(r.TransactionId, r.Status, r.Participants, r.CreatedAt, r.FinishedAt)).ToList(),
            page.NextCursor);
    }
}
