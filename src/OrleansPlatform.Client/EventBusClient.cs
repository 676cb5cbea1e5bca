using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Publishing;

namespace OrleansPlatform.Client;

/// <summary><see cref="IEventBus"/> over grain calls.</summary>
internal sealed partial class EventBusClient(IClusterClient cluster, IOptions<OrleansPlatformClientOptions> options, TimeProvider time, ILogger<EventBusClient> logger) : IEventBus
{
    public Task<bool> CreateTopicAsync(string topic, TopicSettings? settings = null, CancellationToken cancellationToken = default)
    {
        EnsureName(topic);
        TopicNames.EnsureNotReserved(topic);
        return cluster.GetGrain<ITopicGrain>(topic).PutAsync(settings ?? TopicSettings.Default).WaitAsync(cancellationToken);
    }

    public async Task<PublishReceipt> PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        (await PublishAsync(topic, [message], cancellationToken))[0];

    public Task<IReadOnlyList<PublishReceipt>> PublishAsync(string topic, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        EnsureName(topic);
        TopicNames.EnsureNotReserved(topic);
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
        var status = await grain.GetStatusAsync().WaitAsync(cancellationToken);
        try
        {
            var runner = new SubscriptionRunner(grain, status.Settings, handler, time, options.Value.SubscriptionProgressInterval, options.Value.SubscriptionHandlerTimeout, ex => LogSubscriberError(logger, ex, subscription));
            await runner.RunAsync(status.Partitions.Count, options.Value.SubscriptionPollInterval, cancellationToken);
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

    private static void EnsureName(string name)
    {
        if (BusRules.NameError(name) is { } error)
        {
            throw new PlatformValidationException("name", error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber of {Subscription} failed a round; it pauses and pulls again (unacknowledged events come again)")]
    private static partial void LogSubscriberError(ILogger logger, Exception exception, string subscription);
}
