using Orleans.Concurrency;
using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

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

    [Alias("GetProgress")]
    Task<(PartitionProgress Progress, IReadOnlyList<DeadLetter> DeadLetters)> GetProgressAsync();

    [Alias("Pull")]
    Task<IReadOnlyList<TopicMessage>> PullAsync(int max);

    [Alias("Ack")]
    Task AckAsync(long offset);

    [Alias("Nack")]
    Task NackAsync(long offset, string error);

    [Alias("GiveUp")]
    Task GiveUpAsync(long offset, int attempts, string error);

    [Alias("Redrive")]
    Task<int> RedriveAsync(IReadOnlyList<long>? offsets);

    [Alias("DeleteDeadLetter")]
    Task<bool> DeleteDeadLetterAsync(long offset);

    [Alias("Seek")]
    Task SeekAsync(long offset);
}
