namespace OrleansPlatform.Contracts.Bus;

/// <summary>A subscription (consumer group), keyed by name; fans out to one grain per partition.</summary>
[Alias("op.bus.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Creates the subscription or updates its settings; returns true when created.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The topic does not exist.</exception>
    [Alias("Put")]
    Task<bool> PutAsync(SubscriptionSettings settings);

    /// <summary>Settings, checkpoints, lag and counts.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The subscription does not exist.</exception>
    [Alias("GetStatus")]
    Task<SubscriptionStatus> GetStatusAsync();

    /// <summary>For pull subscriptions: up to <paramref name="max"/> events not yet acknowledged, in order per partition.</summary>
    [Alias("Pull")]
    Task<IReadOnlyList<TopicMessage>> PullAsync(int max);

    /// <summary>
    /// For pull subscriptions: like <see cref="PullAsync"/>, from one partition only, so a consumer can work each
    /// partition at its own pace (a partition hands out its next batch once the previous one is acknowledged).
    /// </summary>
    /// <exception cref="Errors.PlatformValidationException">The subscription has no such partition.</exception>
    [Alias("PullPartition")]
    Task<IReadOnlyList<TopicMessage>> PullPartitionAsync(int partition, int max);

    /// <summary>For pull subscriptions: everything up to and including <paramref name="offset"/> of the partition is done.</summary>
    [Alias("Ack")]
    Task AckAsync(int partition, long offset);

    /// <summary>Reports an event a pull consumer could not handle; after MaxAttempts reports it is dead-lettered.</summary>
    [Alias("Nack")]
    Task NackAsync(int partition, long offset, string error);

    /// <summary>
    /// A pull consumer that retried an event itself <paramref name="attempts"/> times moves it to the dead-letter
    /// queue; the event counts as done, so acknowledging a later offset passes it and its key continues.
    /// </summary>
    [Alias("GiveUp")]
    Task GiveUpAsync(int partition, long offset, int attempts, string error);

    /// <summary>The dead-letter queue, oldest first.</summary>
    [Alias("DeadLetters")]
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync();

    /// <summary>Delivers dead letters again, in their original order; null or empty ids means all. Returns how many.</summary>
    [Alias("Redrive")]
    Task<int> RedriveAsync(IReadOnlyList<string>? ids);

    /// <summary>Removes one dead letter; false when there was none with that id.</summary>
    [Alias("DeleteDeadLetter")]
    Task<bool> DeleteDeadLetterAsync(string id);

    /// <summary>Moves every partition's checkpoint to a position (replay or skip).</summary>
    [Alias("Seek")]
    Task SeekAsync(StartPosition position);
}
