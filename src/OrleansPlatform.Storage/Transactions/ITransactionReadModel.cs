using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Storage.Transactions;

/// <summary>One transaction's row in the read model.</summary>
/// <param name="TransactionId">The transaction.</param>
/// <param name="Status">Its status after the journal write this row reflects.</param>
/// <param name="JournalVersion">That write's journal version: an older row never overwrites a newer one.</param>
/// <param name="Participants">How many participants it has.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="FinishedAt">When it was committed or aborted, if it has been.</param>
public sealed record TransactionRow(
    string TransactionId, TransactionStatus Status, long JournalVersion, int Participants, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>The transactions' read model (<c>platform_transactions</c>): what statistics are computed from.</summary>
public interface ITransactionReadModel
{
    /// <summary>Inserts or updates the row, unless the stored one reflects a later journal version.</summary>
    Task UpsertAsync(TransactionRow row, CancellationToken cancellationToken);

    /// <summary>Counts by status, commit rate and duration percentiles of the finished ones.</summary>
    Task<TransactionStatistics> GetStatisticsAsync(CancellationToken cancellationToken);
}

/// <summary>The status names stored in the read model (the API's camelCase names).</summary>
public static class TransactionStatusNames
{
    public static string Of(TransactionStatus status) => status switch
    {
        TransactionStatus.Preparing => "preparing",
        TransactionStatus.Committing => "committing",
        TransactionStatus.Committed => "committed",
        TransactionStatus.Aborting => "aborting",
        TransactionStatus.Aborted => "aborted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static TransactionStatus Parse(string name) =>
        Enum.GetValues<TransactionStatus>().First(s => Of(s) == name);

    /// <summary>Builds statistics from counts and a percentile lookup over the finished durations (in milliseconds).</summary>
    public static async Task<TransactionStatistics> BuildAsync(
        IReadOnlyDictionary<TransactionStatus, long> counts, Func<long, Task<double?>> durationAtOffset)
    {
        var committed = counts.GetValueOrDefault(TransactionStatus.Committed);
        var finished = committed + counts.GetValueOrDefault(TransactionStatus.Aborted);
        TimeSpan? At(double? ms) => ms is { } value ? TimeSpan.FromMilliseconds(value) : null;
        TimeSpan? p50 = null, p99 = null;
        if (finished > 0)
        {
            p50 = At(await durationAtOffset((long)Math.Floor(0.50 * (finished - 1))));
            p99 = At(await durationAtOffset((long)Math.Floor(0.99 * (finished - 1))));
        }

        return new TransactionStatistics(counts, counts.Values.Sum(), finished > 0 ? (double)committed / finished : null, p50, p99);
    }
}
