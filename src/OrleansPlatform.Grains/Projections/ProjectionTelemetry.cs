using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Metrics of projections: events folded and parked, page commit time, watchdog restarts, and lag per projection.</summary>
internal static class ProjectionTelemetry
{
    public const string Name = "OrleansPlatform.Projections";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Applied = Meter.CreateCounter<long>("platform.projections.events_applied", "{event}", "Events folded into documents.");
    private static readonly Counter<long> ParkedCounter = Meter.CreateCounter<long>("platform.projections.events_parked", "{event}", "Poison events parked.");
    private static readonly Counter<long> Restarts = Meter.CreateCounter<long>("platform.projections.restarts", "{restart}", "Stalled partitions restarted by the watchdog.");
    private static readonly Histogram<double> Commit = Meter.CreateHistogram<double>("platform.projections.page_duration", "ms", "Fold and commit of one feed page.");
    private static readonly ConcurrentDictionary<string, (long Events, double Seconds)> Lags = new(StringComparer.Ordinal);

    static ProjectionTelemetry()
    {
        Meter.CreateObservableGauge("platform.projections.lag_events", () => Lags.Select(l => new Measurement<long>(l.Value.Events, new KeyValuePair<string, object?>("projection", l.Key))), "{event}", "Head minus the serving version's checkpoint, as last measured.");
        Meter.CreateObservableGauge("platform.projections.lag_seconds", () => Lags.Select(l => new Measurement<double>(l.Value.Seconds, new KeyValuePair<string, object?>("projection", l.Key))), "s", "Age of the oldest event the serving version has not processed, as last measured.");
    }

    public static void PageCommitted(string projection, int applied, int parked, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("projection", projection);
        Applied.Add(applied, tag);
        if (parked > 0)
        {
            ParkedCounter.Add(parked, tag);
        }

        Commit.Record(duration.TotalMilliseconds, tag);
    }

    public static void Restarted(string projection) => Restarts.Add(1, new KeyValuePair<string, object?>("projection", projection));

    public static void Lag(string projection, long events, double seconds) => Lags[projection] = (events, seconds);

    public static void Forget(string projection) => Lags.TryRemove(projection, out _);
}
