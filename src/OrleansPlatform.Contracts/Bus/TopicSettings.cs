namespace OrleansPlatform.Contracts.Bus;

/// <summary>How a topic is partitioned, kept and protected.</summary>
/// <param name="Partitions">Number of partitions (1-256); fixed once the topic exists, because it decides which partition a key lands on.</param>
/// <param name="Retention">How long events are kept before the retention job purges them.</param>
/// <param name="DedupWindow">How long a repeated event id is answered with the first result instead of being published again.</param>
/// <param name="MaxEventBytes">Largest event (data plus headers) in bytes.</param>
/// <param name="RateLimit">Optional token bucket over the whole topic; <see cref="MessagePriority.Critical"/> events bypass it.</param>
[GenerateSerializer, Immutable, Alias("op.bus.TopicSettings")]
public sealed record TopicSettings(
    [property: Id(0)] int Partitions,
    [property: Id(1)] TimeSpan Retention,
    [property: Id(2)] TimeSpan DedupWindow,
    [property: Id(3)] int MaxEventBytes,
    [property: Id(4)] RateLimitSettings? RateLimit = null)
{
    /// <summary>Defaults of api.md: 8 partitions, 7 days retention, 1 hour dedup window, 1 MiB events.</summary>
    public static TopicSettings Default { get; } = new(8, TimeSpan.FromDays(7), TimeSpan.FromHours(1), 1024 * 1024);
}

/// <summary>A token bucket: <paramref name="PermitsPerSecond"/> sustained, up to <paramref name="Burst"/> at once.</summary>
[GenerateSerializer, Immutable, Alias("op.bus.RateLimitSettings")]
public sealed record RateLimitSettings([property: Id(0)] double PermitsPerSecond, [property: Id(1)] int Burst);

/// <summary>A topic as stored.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Revision">Grows with every change of the settings, so an older copy is never taken for a newer one.</param>
[GenerateSerializer, Immutable, Alias("op.bus.TopicInfo")]
public sealed record TopicInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] TopicSettings Settings,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] long Revision = 0);

/// <summary>Scheduling priority of a published event. It never reorders events of one key.</summary>
public enum MessagePriority
{
    /// <summary>Background traffic: served after normal traffic of other keys.</summary>
    Low = -1,

    /// <summary>Ordinary traffic.</summary>
    Normal = 0,

    /// <summary>Served before normal traffic of other keys.</summary>
    High = 1,

    /// <summary>Served first and never rate limited.</summary>
    Critical = 2,
}
