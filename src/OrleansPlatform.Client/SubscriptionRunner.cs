using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Client;

/// <summary>
/// Runs a handler over a pull subscription the way webhook delivery runs: keys in parallel (up to the subscription's
/// <c>MaxInFlight</c> per partition), each key in order. A failing event is retried with the subscription's backoff
/// and holds back only its own key; after <c>MaxAttempts</c> it goes to the dead-letter queue and its key continues.
/// A partition's batch is acknowledged (cumulatively) once every key in it is done, which is also when the server
/// hands out that partition's next batch.
/// </summary>
internal sealed class SubscriptionRunner(
    ISubscriptionGrain grain,
    SubscriptionSettings settings,
    Func<TopicMessage, CancellationToken, Task> handler,
    TimeProvider time,
    Action<Exception>? onError = null)
{
    private const int PullBatch = 100;

    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(1);

    public async Task RunAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await grain.PullAsync(PullBatch).WaitAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    await Task.Delay(pollInterval, time, cancellationToken);
                    continue;
                }

                await Task.WhenAll(batch.GroupBy(m => m.Partition).Select(p => RunPartitionAsync(p.ToList(), cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A lost silo, a storage hiccup, or an ack refused after a seek or restart: nothing handled is lost
                // (unacknowledged events come again), so the subscriber pauses briefly and goes on pulling.
                onError?.Invoke(ex);
                await Task.Delay(ErrorPause, time, cancellationToken);
            }
        }
    }

    private async Task RunPartitionAsync(List<TopicMessage> messages, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxInFlight));
        // Events without a key promise no order, so each is its own sequence.
        var sequences = messages.GroupBy(m => m.Key ?? $"\0{m.Offset}").Select(key => RunKeyAsync(key.ToList(), slots, cancellationToken));
        await Task.WhenAll(sequences);
        await grain.AckAsync(messages[0].Partition, messages.Max(m => m.Offset));
    }

    private async Task RunKeyAsync(List<TopicMessage> messages, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await HandleWithRetriesAsync(message, slots, cancellationToken);
        }
    }

    private async Task HandleWithRetriesAsync(TopicMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            // A slot is held while the handler runs, not during backoff: a parked key does not take others' turns.
            await slots.WaitAsync(cancellationToken);
            try
            {
                await handler(message, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }
            finally
            {
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
