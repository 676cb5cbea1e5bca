using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Client;

/// <summary><see cref="IEventBus"/> over grain calls.</summary>
internal sealed class EventBusClient(IClusterClient cluster, IOptions<OrleansPlatformClientOptions> options, TimeProvider time) : IEventBus
{
    private const int PullBatch = 100;

    public Task<bool> CreateTopicAsync(string topic, TopicSettings? settings = null, CancellationToken cancellationToken = default)
    {
        EnsureName(topic);
        return cluster.GetGrain<ITopicGrain>(topic).PutAsync(settings ?? TopicSettings.Default).WaitAsync(cancellationToken);
    }

    public async Task<PublishReceipt> PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        (await PublishAsync(topic, [message], cancellationToken))[0];

    public Task<IReadOnlyList<PublishReceipt>> PublishAsync(string topic, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        EnsureName(topic);
        return TopicPublisher.PublishAsync(cluster, topic, messages).WaitAsync(cancellationToken);
    }

    public Task<bool> CreateSubscriptionAsync(string name, SubscriptionSettings settings, CancellationToken cancellationToken = default)
    {
        EnsureName(name);
        return cluster.GetGrain<ISubscriptionGrain>(name).PutAsync(settings).WaitAsync(cancellationToken);
    }

    public async Task SubscribeAsync(string subscription, Func<TopicMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        EnsureName(subscription);
        var grain = cluster.GetGrain<ISubscriptionGrain>(subscription);
        var backoff = (await grain.GetStatusAsync().WaitAsync(cancellationToken)).Settings.Backoff;
        var failures = new Dictionary<(int, long), int>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await grain.PullAsync(PullBatch).WaitAsync(cancellationToken);
                var worstAttempt = 0;
                foreach (var partition in batch.GroupBy(m => m.Partition))
                {
                    if (await HandlePartitionAsync(grain, partition.ToList(), handler, cancellationToken) is { } failed)
                    {
                        worstAttempt = Math.Max(worstAttempt, failures[(failed.Partition, failed.Offset)] = failures.GetValueOrDefault((failed.Partition, failed.Offset)) + 1);
                    }
                }

                if (worstAttempt > 0)
                {
                    // Give a failing event the subscription's backoff before it is handed out again.
                    await Task.Delay(backoff.DelayAfter(worstAttempt, Random.Shared.NextDouble()), time, cancellationToken);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(options.Value.SubscriptionPollInterval, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling is how a subscriber stops; unacknowledged events are delivered again later.
        }
    }

    public Task<SubscriptionStatus> GetSubscriptionAsync(string name, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISubscriptionGrain>(name).GetStatusAsync().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(string subscription, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISubscriptionGrain>(subscription).GetDeadLettersAsync().WaitAsync(cancellationToken);

    public Task<int> RedriveAsync(string subscription, IReadOnlyList<string>? ids = null, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISubscriptionGrain>(subscription).RedriveAsync(ids).WaitAsync(cancellationToken);

    public Task<bool> DeleteDeadLetterAsync(string subscription, string id, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISubscriptionGrain>(subscription).DeleteDeadLetterAsync(id).WaitAsync(cancellationToken);

    /// <summary>
    /// Handles one partition's events in order and acknowledges the last one handled; on a failure it reports the
    /// event and stops this round, so the events after it (possibly of the same key) come again in order.
    /// </summary>
    private static async Task<TopicMessage?> HandlePartitionAsync(ISubscriptionGrain grain, List<TopicMessage> messages, Func<TopicMessage, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        long? handled = null;
        foreach (var message in messages)
        {
            try
            {
                await handler(message, cancellationToken);
                handled = message.Offset;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (handled is { } done)
                {
                    await grain.AckAsync(message.Partition, done);
                }

                await grain.NackAsync(message.Partition, message.Offset, ex.Message);
                return message;
            }
        }

        if (handled is { } last)
        {
            await grain.AckAsync(messages[0].Partition, last);
        }

        return null;
    }

    private static void EnsureName(string name)
    {
        if (BusRules.NameError(name) is { } error)
        {
            throw new PlatformValidationException("name", error);
        }
    }
}
