using System.Collections.Concurrent;
using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Client;

/// <summary>
/// Runs a handler over a pull subscription the way webhook delivery runs: keys in parallel (up to the subscription's
/// <c>MaxInFlight</c> per partition), each key in order. A failing event is retried with the subscription's backoff
/// and holds back only its own key; after <c>MaxAttempts</c> it goes to the dead-letter queue and its key continues.
/// Each partition is pulled by its own loop, so a key parked in one partition never holds back the others. A
/// partition's batch is acknowledged (cumulatively) once every key in it is done, which is also when the server
/// hands out that partition's next batch. A handler that overruns <c>handlerTimeout</c> has its token cancelled and
/// the attempt counts as failed, whether or not the handler has noticed yet.
/// </summary>
internal sealed class SubscriptionRunner(
    ISubscriptionGrain grain,
    SubscriptionSettings settings,
    Func<TopicMessage, CancellationToken, Task> handler,
    TimeProvider time,
    TimeSpan progressInterval,
    TimeSpan handlerTimeout,
    Action<Exception>? onError = null)
{
    private const int PullBatch = 100;

    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; a topic's partition count never changes.</summary>
    public Task RunAsync(int partitions, TimeSpan pollInterval, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, partitions).Select(p => RunPartitionLoopAsync(p, pollInterval, cancellationToken)));

    private async Task RunPartitionLoopAsync(int partition, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await grain.PullPartitionAsync(partition, PullBatch).WaitAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    await Task.Delay(pollInterval, time, cancellationToken);
                    continue;
                }

                await RunPartitionAsync(batch.ToList(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A lost silo, a storage hiccup, or an ack refused after a seek or restart: nothing handled is lost
                // (unacknowledged events come again), so the partition's loop pauses briefly and goes on pulling.
                onError?.Invoke(ex);
                await Task.Delay(ErrorPause, time, cancellationToken);
            }
        }
    }

    private async Task RunPartitionAsync(List<TopicMessage> messages, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxInFlight));
        var finished = new ConcurrentDictionary<long, bool>();
        using var batchDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = AcknowledgeProgressAsync(messages, finished, batchDone.Token);
        try
        {
            // Events without a key promise no order, so each is its own sequence.
            var sequences = messages.GroupBy(m => m.Key ?? $"\0{m.Offset}").Select(key => RunKeyAsync(key.ToList(), slots, finished, cancellationToken));
            await Task.WhenAll(sequences);
        }
        finally
        {
            await batchDone.CancelAsync();
            await progress;
        }

        await grain.AckAsync(messages[0].Partition, messages.Max(m => m.Offset));
    }

    private async Task RunKeyAsync(List<TopicMessage> messages, SemaphoreSlim slots, ConcurrentDictionary<long, bool> finished, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await HandleWithRetriesAsync(message, slots, cancellationToken);
            finished[message.Offset] = true;
        }
    }

    /// <summary>
    /// Acknowledges the finished prefix of the batch (in offset order) now and then: it renews the batch's lease while
    /// slow keys are still at work. Best effort; the acknowledgement of the whole batch is what counts.
    /// </summary>
    private async Task AcknowledgeProgressAsync(List<TopicMessage> messages, ConcurrentDictionary<long, bool> finished, CancellationToken batchDone)
    {
        var offsets = messages.Select(m => m.Offset).Order().ToList();
        var acknowledged = -1L;
        try
        {
            while (true)
            {
                await Task.Delay(progressInterval, time, batchDone);
                var prefix = offsets.TakeWhile(finished.ContainsKey).DefaultIfEmpty(-1).Last();
                if (prefix > acknowledged)
                {
                    await grain.AckAsync(messages[0].Partition, prefix);
                    acknowledged = prefix;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The batch is done, or a progress ack failed: either way the batch's own acknowledgement follows.
        }
    }

    private async Task HandleWithRetriesAsync(TopicMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            // A slot is held while the handler runs, not during backoff: a parked key does not take others' turns.
            await slots.WaitAsync(cancellationToken);
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                // The wait ends at the timeout even for a handler that ignores its token.
                await handler(message, attemptToken.Token).WaitAsync(handlerTimeout, time, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && attemptToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                failure = new TimeoutException($"The handler did not finish within {handlerTimeout} (SubscriptionHandlerTimeout).", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }
            finally
            {
                // Cancelled in every case: a handler still running after its wait ended learns that its attempt is over.
                await attemptToken.CancelAsync();
                slots.Release();
            }

            if (attempt >= settings.MaxAttempts)
            {
                await grain.GiveUpAsync(message.Partition, message.Offset, attempt, failure.Message);
                return;
            }

            await Task.Delay(settings.Backoff.DelayAfter(attempt, Random.Shared.NextDouble()), time, cancellationToken);
        }
    }
}
