namespace OrleansPlatform.Contracts.Operations;

/// <summary>One silo of the cluster as membership sees it.</summary>
/// <param name="Address">The silo's address (host:port).</param>
/// <param name="Status">Its membership status, such as <c>active</c>, <c>joining</c> or <c>dead</c>.</param>
[GenerateSerializer, Immutable, Alias("op.ops.SiloOverview")]
public sealed record SiloOverview([property: Id(0)] string Address, [property: Id(1)] string Status);

/// <summary>The platform at a glance, for operators: cluster, storage and how much it holds.</summary>
/// <param name="Silos">Every silo membership knows, with its status.</param>
/// <param name="StorageKind"><c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="StorageHealthy">Whether storage answered just now.</param>
/// <param name="Head">The highest global position written (null while empty or when storage did not answer).</param>
/// <param name="Streams">User streams (null when storage did not answer).</param>
/// <param name="Topics">Event-bus topics.</param>
/// <param name="Subscriptions">Event-bus subscriptions.</param>
/// <param name="DeadLetters">Events waiting in dead-letter queues, over every subscription.</param>
/// <param name="AsOf">When the counts were taken (they are cached for a few seconds).</param>
[GenerateSerializer, Immutable, Alias("op.ops.PlatformStatus")]
public sealed record PlatformStatus(
    [property: Id(0)] IReadOnlyList<SiloOverview> Silos,
    [property: Id(1)] string StorageKind,
    [property: Id(2)] bool StorageHealthy,
    [property: Id(3)] long? Head,
    [property: Id(4)] long? Streams,
    [property: Id(5)] long? Topics,
    [property: Id(6)] long? Subscriptions,
    [property: Id(7)] long? DeadLetters,
    [property: Id(8)] DateTimeOffset AsOf);

/// <summary>Computes <see cref="PlatformStatus"/> on a silo (where storage is), caching the counts briefly.</summary>
[Alias("op.ops.IPlatformStatusGrain")]
public interface IPlatformStatusGrain : IGrainWithIntegerKey
{
    /// <summary>The current overview; counts at most a few seconds old.</summary>
    [Alias("Get")]
    Task<PlatformStatus> GetAsync();
}
