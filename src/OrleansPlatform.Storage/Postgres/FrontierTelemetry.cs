using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// The frontier's lag as gauges, one series per database (several platform hosts can share a process, as in tests).
/// </summary>
public static class FrontierTelemetry
{
    public const string Name = "OrleansPlatform.EventLog.Frontier";

    private static readonly ConcurrentDictionary<FrontierMonitor, string> Monitors = new();
    private static readonly Meter Meter = new(Name);

    static FrontierTelemetry()
    {
        Meter.CreateObservableGauge("platform.eventlog.frontier.lag", () => Observe(s => s.LagPositions), "{position}",
            "Positions between the feed's no-gap frontier and the newest committed event (0: nothing held back).");
        Meter.CreateObservableGauge("platform.eventlog.frontier.lag.duration", () => Observe(s => s.LagSeconds), "s",
            "How long the oldest running transaction has held the feed's frontier back (0: nothing held back).");
    }

    internal static IDisposable Register(FrontierMonitor monitor, string database)
    {
        Monitors[monitor] = database;
        return new Registration(monitor);
    }

    private static List<Measurement<T>> Observe<T>(Func<FrontierStatus, T> value) where T : struct =>
        Monitors
            .Where(m => m.Key.Latest is not null)
            .Select(m => new Measurement<T>(value(m.Key.Latest!), new KeyValuePair<string, object?>("database", m.Value)))
            .ToList();

    private sealed class Registration(FrontierMonitor monitor) : IDisposable
    {
        public void Dispose() => Monitors.TryRemove(monitor, out _);
    }
}
