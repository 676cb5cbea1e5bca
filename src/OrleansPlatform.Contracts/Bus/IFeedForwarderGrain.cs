namespace OrleansPlatform.Contracts.Bus;

/// <summary>Tails the event store's global feed for one subscription and feeds its internal topic.</summary>
[Alias("op.bus.IFeedForwarderGrain")]
public interface IFeedForwarderGrain : IGrainWithStringKey
{
    /// <summary>Starts at <paramref name="position"/> the first time; afterwards only updates what it forwards.</summary>
    [Alias("Start")]
    Task StartAsync(EventStoreSource source, string topic, IReadOnlyList<string> types, long position);

    /// <summary>The global position up to which everything has been forwarded.</summary>
    [Alias("GetPosition")]
    Task<long> GetPositionAsync();
}
