namespace OrleansPlatform.Contracts.Bus;

/// <summary>A subscription's progress.</summary>
/// <param name="Name">The subscription.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="Partitions">Progress per partition.</param>
/// <param name="Delivered">Events acknowledged.</param>
/// <param name="Failed">Failed delivery attempts.</param>
/// <param name="DeadLettered">Events moved to the dead-letter queue (ever).</param>
/// <param name="DeadLetterCount">Events in the dead-letter queue now.</param>
/// <param name="OldestDeadLetterAt">When the oldest of them was dead-lettered.</param>
[GenerateSerializer, Immutable, Alias("op.bus.SubscriptionStatus")]
public sealed record SubscriptionStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] SubscriptionSettings Settings,
    [property: Id(2)] IReadOnlyList<PartitionProgress> Partitions,
    [property: Id(3)] long Delivered,
    [property: Id(4)] long Failed,
    [property: Id(5)] long DeadLettered,
    [property: Id(6)] int DeadLetterCount,
    [property: Id(7)] DateTimeOffset? OldestDeadLetterAt);

/// <summary>One partition's progress.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Checkpoint">Every offset below it is done (delivered, filtered out or dead-lettered).</param>
/// <param name="EndOffset">The partition's next offset.</param>
/// <param name="Lag">Events not yet done.</param>
/// <param name="Delivered">Events acknowledged.</param>
/// <param name="Failed">Failed attempts.</param>
/// <param name="DeadLettered">Events dead-lettered (ever).</param>
/// <param name="ParkedKeys">
/// Keys held up by a failing event: its head failed at least once and waits for its next attempt, and every later event
/// of the key waits behind it (per-key order). Webhook delivery only; at most <see cref="ParkedKey.MaxListed"/> per partition.
/// </param>
[GenerateSerializer, Immutable, Alias("op.bus.PartitionProgress")]
public sealed record PartitionProgress(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Checkpoint,
    [property: Id(2)] long EndOffset,
    [property: Id(3)] long Lag,
    [property: Id(4)] long Delivered,
    [property: Id(5)] long Failed,
    [property: Id(6)] long DeadLettered,
    [property: Id(7)] IReadOnlyList<ParkedKey>? ParkedKeys = null);

/// <summary>A key whose delivery is held up by a failing event.</summary>
/// <param name="Key">The key (<c>#{offset}</c> for an event without one).</param>
/// <param name="Offset">The failing event's offset: the key's head.</param>
/// <param name="Attempts">Deliveries attempted so far.</param>
/// <param name="NextAttemptAt">When it is tried again.</param>
/// <param name="Waiting">The key's later events read so far and waiting behind it.</param>
[GenerateSerializer, Immutable, Alias("op.bus.ParkedKey")]
public sealed record ParkedKey(
    [property: Id(0)] string Key,
    [property: Id(1)] long Offset,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset NextAttemptAt,
    [property: Id(4)] int Waiting)
{
    /// <summary>How many parked keys a partition lists (the longest-failing first).</summary>
    public const int MaxListed = 20;
}

/// <summary>An event that exhausted its delivery attempts.</summary>
/// <param name="Id">The dead letter's id: <c>{partition}-{offset}</c>.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Key">The event's key.</param>
/// <param name="Type">The event's type.</param>
/// <param name="Attempts">How many deliveries were attempted.</param>
/// <param name="Reason">Why it was dead-lettered.</param>
/// <param name="LastError">The last attempt's error.</param>
/// <param name="DeadLetteredAt">When.</param>
[GenerateSerializer, Immutable, Alias("op.bus.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string Id,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] Guid EventId,
    [property: Id(4)] string? Key,
    [property: Id(5)] string Type,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string Reason,
    [property: Id(8)] string? LastError,
    [property: Id(9)] DateTimeOffset DeadLetteredAt);
