using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// What the delivery pump needs from its subscription partition grain: the durable progress, the topic partition's
/// events, and journal writes. The grain calls the pump only on its turns, so these never overlap its own writes.
/// </summary>
internal interface IDeliveryHost
{
    SubscriptionPartitionState Progress { get; }

    /// <summary>Up to <paramref name="limit"/> events from <paramref name="fromOffset"/> on (later ones when retention purged it).</summary>
    Task<IReadOnlyList<TopicMessage>> ReadMessagesAsync(long fromOffset, int limit);

    Task RecordAsync(object entry);

    /// <summary>Journals the event at <paramref name="offset"/> as dead-lettered (<paramref name="message"/> null when purged).</summary>
    Task DeadLetterAsync(long offset, TopicMessage? message, int attempts, string error, int failed);
}
