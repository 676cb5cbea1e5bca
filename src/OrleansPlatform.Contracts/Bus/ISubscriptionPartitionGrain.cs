using Orleans.Concurrency;

namespace OrleansPlatform.Contracts.Bus;

/// <summary>
/// One partition of a subscription, keyed <c>{subscription}/{partition}</c>: reads the topic partition from its
/// checkpoint and delivers (webhook) or hands out (pull) its events, in order per key.
/// </summary>
[Alias("op.bus.ISubscriptionPartitionGrain")]
public interface ISubscriptionPartitionGrain : IGrainWithStringKey
{
    /// <summary>Starts at <paramref name="startOffset"/> the first time; afterwards only updates the settings.</summary>
    [Alias("Start")]
    Task StartAsync(string subscription, SubscriptionSettings settings, long startOffset);

    /// <summary>New events were published to the partition.</summary>
    [Alias("Notify"), OneWay]
    Task NotifyAsync();

    /// <summary>The partition's checkpoint, lag and counts, and its dead letters.</summary>
    [Alias("GetProgress")]
    Task<(PartitionProgress Progress, IReadOnlyList<DeadLetter> DeadLetters)> GetProgressAsync();

    /// <summary>Hands out up to <paramref name="max"/> events to a pull consumer (one batch at a time).</summary>
    [Alias("Pull")]
    Task<IReadOnlyList<TopicMessage>> PullAsync(int max);

    /// <summary>Acknowledges everything handed out up to <paramref name="offset"/> (cumulative).</summary>
    [Alias("Ack")]
    Task AckAsync(long offset);

    /// <summary>Releases the held batch from <paramref name="offset"/> on, to be retried with back-off.</summary>
    [Alias("Nack")]
    Task NackAsync(long offset, string error);

    /// <summary>A .NET handler gave up on the event at <paramref name="offset"/>: it is dead-lettered and its key goes on.</summary>
    [Alias("GiveUp")]
    Task GiveUpAsync(long offset, int attempts, string error);

    /// <summary>Delivers the given dead letters (all when null) again, in offset order; returns how many.</summary>
    [Alias("Redrive")]
    Task<int> RedriveAsync(IReadOnlyList<long>? offsets);

    /// <summary>Removes one dead letter; false when there was none at <paramref name="offset"/>.</summary>
    [Alias("DeleteDeadLetter")]
    Task<bool> DeleteDeadLetterAsync(long offset);

    /// <summary>Moves the checkpoint to <paramref name="offset"/>: everything from there is delivered again.</summary>
    [Alias("Seek")]
    Task SeekAsync(long offset);
}
