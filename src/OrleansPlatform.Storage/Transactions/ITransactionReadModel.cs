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

    /// <summary>
    /// Counts by status, commit and abort rates and duration percentiles (computed by the database) of the
    /// transactions created in [<paramref name="from"/>, <paramref name="to"/>).
    /// </summary>
    Task<TransactionStatistics> GetStatisticsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    /// <summary>Transactions matching <paramref name="query"/>, newest first.</summary>
    Task<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken);
}

/// <summary>A filtered page request over the read model, newest first; statuses are the stored names.</summary>
public sealed record TransactionQuery(IReadOnlyList<string>? Statuses, DateTimeOffset? From, DateTimeOffset? To, int Limit, string? Cursor);

/// <summary>A page of transactions and the cursor of the next one (null at the end).</summary>
public sealed record TransactionPage(IReadOnlyList<TransactionRow> Transactions, string? NextCursor)
{
    /// <summary>The page from <paramref name="rows"/> read with one row more than <paramref name="limit"/>.</summary>
    public static TransactionPage From(List<TransactionRow> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new TransactionPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new TransactionPage(rows, ReadModels.KeysetCursor.Encode(rows[^1].CreatedAt, rows[^1].TransactionId));
    }
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

    /// <summary>Builds statistics from the counts by status and the percentiles of finished durations (ms).</summary>
    public static TransactionStatistics Build(IReadOnlyDictionary<TransactionStatus, long> counts, double? p50Ms, double? p99Ms)
    {
        var committed = counts.GetValueOrDefault(TransactionStatus.Committed);
        var aborted = counts.GetValueOrDefault(TransactionStatus.Aborted);
        var finished = committed + aborted;
        TimeSpan? At(double? ms) => ms is { } value ? TimeSpan.FromMilliseconds(value) : null;
        return new TransactionStatistics(
            counts, counts.Values.Sum(), finished > 0 ? (double)committed / finished : null, At(p50Ms), At(p99Ms),
            finished > 0 ? (double)aborted / finished : null, p50Ms, p99Ms);
    }
}
