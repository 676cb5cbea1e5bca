using System.Threading.Channels;
using OrleansPlatform.Storage.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>
/// The silo's one writer of saga read-model rows: the status changes its sagas report while a write is in flight
/// go out together in the next one (one round trip, the newest entry per saga), instead of one write per change.
/// Each caller still awaits its own entry's write, so a saga knows its row is stored (or why not) as before.
/// </summary>
public sealed class SagaIndexWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private readonly ISagaIndex _index;
    private readonly Channel<(SagaIndexEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(SagaIndexEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SagaIndexWriter(ISagaIndex index)
    {
        _index = index;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Stores <paramref name="entry"/> with whatever else is waiting; completes once it is written.</summary>
    public Task UpsertAsync(SagaIndexEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((entry, done)) ? done.Task : Task.FromException(new ObjectDisposedException(nameof(SagaIndexWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<(SagaIndexEntry Entry, TaskCompletionSource Done)>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            // One row per saga in a statement: the newest journal version wins, as it would row by row.
            var entries = batch.GroupBy(b => b.Entry.SagaId, StringComparer.Ordinal)
                .Select(g => g.MaxBy(b => b.Entry.JournalVersion).Entry).ToList();
            try
            {
                await _index.UpsertManyAsync(entries, CancellationToken.None);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Each saga logs it and writes its row again on its next tick.
                batch.ForEach(b => b.Done.TrySetException(ex));
            }
        }
    }
}
