namespace OrleansPlatform.Storage.Retention;

/// <summary>
/// The batching shared by both backends: each statement removes at most one batch, oldest versions first, so no long
/// transaction holds back the global feed's frontier (PostgreSQL) or keeps appends waiting (SQLite's one writer).
/// </summary>
public abstract class BatchedStreamEraser : IStreamEraser
{
    private const int Batch = 5_000;

    public async Task<long> DeleteBeforeAsync(string streamId, long beforeVersion, int maxRows, CancellationToken cancellationToken)
    {
        long total = 0;
        while (total < maxRows)
        {
            var deleted = await DeleteBatchAsync(streamId, beforeVersion, keepLast: true, (int)Math.Min(Batch, maxRows - total), cancellationToken);
            total += deleted;
            if (deleted == 0)
            {
                break;
            }
        }

        return total;
    }

    public async Task<long> DeleteAllAsync(string streamId, CancellationToken cancellationToken)
    {
        long total = 0;
        long deleted;
        do
        {
            deleted = await DeleteBatchAsync(streamId, long.MaxValue, keepLast: false, Batch, cancellationToken);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    /// <summary>
    /// Removes up to <paramref name="limit"/> of the stream's events below <paramref name="beforeVersion"/>, oldest
    /// first, sparing the stream's last event when <paramref name="keepLast"/>; returns how many.
    /// </summary>
    protected abstract Task<int> DeleteBatchAsync(string streamId, long beforeVersion, bool keepLast, int limit, CancellationToken cancellationToken);
}
