using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Client;

/// <summary>
/// The event bus as a .NET service uses it. Errors are typed exceptions:
/// <see cref="Contracts.Errors.ResourceNotFoundException"/> (unknown topic or subscription),
/// <see cref="Contracts.Errors.RateLimitedException"/>, <see cref="Contracts.Errors.EventTooLargeException"/>,
/// <see cref="Contracts.Errors.PlatformValidationException"/>, <see cref="Contracts.Errors.PlatformConflictException"/>.
/// </summary>
public interface IEventBus
{
    /// <summary>
    /// Creates a topic or updates its settings; true when created. Names starting with <c>es.</c> are reserved for the
    /// platform's internal topics: creating, changing or publishing into one throws <see cref="Contracts.Errors.PlatformValidationException"/>.
    /// </summary>
    Task<bool> CreateTopicAsync(string topic, TopicSettings? settings = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes one event; it is durable when this returns.</summary>
    Task<PublishReceipt> PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Publishes a batch; each partition's share is written atomically and in order. Receipts keep the request's order.</summary>
    Task<IReadOnlyList<PublishReceipt>> PublishAsync(string topic, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a subscription; true when created.</summary>
    Task<bool> CreateSubscriptionAsync(string name, SubscriptionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="handler"/> for every event of a pull subscription until <paramref name="cancellationToken"/>
    /// fires: in order per key, different keys concurrently (up to the subscription's MaxInFlight per partition),
    /// each partition at its own pace, acknowledged once handled. A handler exception is retried with the subscription's backoff and holds back only
    /// that event's key; after MaxAttempts the event goes to the dead-letter queue and its key continues.
    /// </summary>
    Task SubscribeAsync(string subscription, Func<TopicMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>A subscription's checkpoints, lag and counts.</summary>
    Task<SubscriptionStatus> GetSubscriptionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The subscription's dead letters, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(string subscription, CancellationToken cancellationToken = default);

    /// <summary>Delivers dead letters again in their original order (all when <paramref name="ids"/> is empty); returns how many.</summary>
    Task<int> RedriveAsync(string subscription, IReadOnlyList<string>? ids = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a dead letter; false when there was none with that id.</summary>
    Task<bool> DeleteDeadLetterAsync(string subscription, string id, CancellationToken cancellationToken = default);
}
