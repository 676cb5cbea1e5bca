using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Metrics and traces of the event bus: published, delivered, retried, dead-lettered, latency.</summary>
internal static class BusTelemetry
{
    public const string Name = "OrleansPlatform.Bus";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> PublishedCounter = Meter.CreateCounter<long>("platform.bus.published", "{event}", "Events durably published.");
    private static readonly Counter<long> DeliveredCounter = Meter.CreateCounter<long>("platform.bus.delivered", "{event}", "Events acknowledged by subscribers.");
    private static readonly Counter<long> RetriedCounter = Meter.CreateCounter<long>("platform.bus.retried", "{attempt}", "Failed delivery attempts that will be retried.");
    private static readonly Counter<long> DeadLetteredCounter = Meter.CreateCounter<long>("platform.bus.dead_lettered", "{event}", "Events moved to a dead-letter queue.");
    private static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram<double>("platform.bus.delivery_latency", "ms", "Time from publish to acknowledged delivery.");

    // Lag of every subscription partition active on this silo, read when metrics are collected.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<long>> LagSources = new();

    static BusTelemetry() => Meter.CreateObservableGauge("platform.bus.lag", ObserveLag, "{event}", "Events published but not yet done, per subscription partition.");

    public static void TrackLag(string subscriptionPartition, Func<long> lag) => LagSources[subscriptionPartition] = lag;

    public static void UntrackLag(string subscriptionPartition) => LagSources.TryRemove(subscriptionPartition, out _);

    private static IEnumerable<Measurement<long>> ObserveLag() =>
        LagSources.Select(s => new Measurement<long>(s.Value(), new KeyValuePair<string, object?>("subscription_partition", s.Key)));

    public static void Published(string topic, int count) => PublishedCounter.Add(count, new KeyValuePair<string, object?>("topic", topic));

    public static void Delivered(string subscription, TimeSpan sincePublish)
    {
        var tag = new KeyValuePair<string, object?>("subscription", subscription);
        DeliveredCounter.Add(1, tag);
        DeliveryLatency.Record(sincePublish.TotalMilliseconds, tag);
    }

    /// <summary>Pull consumers' acknowledgements: counted as delivered; their latency is the consumer's to measure.</summary>
    public static void Acknowledged(string subscription, int count)
    {
        if (count > 0)
        {
            DeliveredCounter.Add(count, new KeyValuePair<string, object?>("subscription", subscription));
        }
    }

    public static void Retried(string subscription) => RetriedCounter.Add(1, new KeyValuePair<string, object?>("subscription", subscription));

    public static void DeadLettered(string subscription) => DeadLetteredCounter.Add(1, new KeyValuePair<string, object?>("subscription", subscription));
}
