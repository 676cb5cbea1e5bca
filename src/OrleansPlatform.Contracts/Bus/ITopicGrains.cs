namespace OrleansPlatform.Contracts.Bus;

/// <summary>A topic's definition, keyed by topic name.</summary>
[Alias("op.bus.ITopicGrain")]
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>Creates the topic, or updates its settings; returns true when it was created.</summary>
    /// <exception cref="Errors.PlatformConflictException">The partition count of an existing topic would change.</exception>
    [Alias("Put")]
    Task<bool> PutAsync(TopicSettings settings);

    /// <summary>The topic, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<TopicInfo?> GetAsync();

    /// <summary>
    /// Purges events older than both the retention and the dedup window from every partition (a repeat must be
    /// recognised for the whole window); returns how many were removed.
    /// </summary>
    [Alias("PurgeExpired")]
    Task<long> PurgeExpiredAsync();
}

/// <summary>One partition of a topic, keyed <c>{topic}/{partition}</c>: the single writer that assigns offsets.</summary>
[Alias("op.bus.ITopicPartitionGrain")]
public interface ITopicPartitionGrain : IGrainWithStringKey
{
    /// <summary>Publishes events atomically to this partition, in order; repeated event ids return their first receipt.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The topic does not exist.</exception>
    /// <exception cref="Errors.RateLimitedException">The topic's rate limit is exhausted (critical events are exempt).</exception>
    [Alias("Publish")]
    Task<IReadOnlyList<PublishReceipt>> PublishAsync(IReadOnlyList<OutgoingMessage> messages);

    /// <summary>
    /// The topic's settings (size limit, rate limit) as of <paramref name="revision"/>; the topic grain pushes them on
    /// every change. A push older than the copy the partition holds is ignored (pushes can arrive out of order).
    /// </summary>
    [Alias("UseSettingsAt")]
    Task UseSettingsAsync(TopicSettings settings, long revision);

    /// <summary>Reads events from <paramref name="fromOffset"/> on.</summary>
    /// <exception cref="Errors.RetentionExceededException">The offset is older than the retention (purged, or kept only for dedup).</exception>
    [Alias("Read")]
    Task<PartitionSlice> ReadAsync(long fromOffset, int limit);
}
