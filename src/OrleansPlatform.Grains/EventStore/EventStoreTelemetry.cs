using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>Metrics and traces of appends as stream grains see them (outcome and end-to-end latency).</summary>
internal static class EventStoreTelemetry
{
    public const string Name = "OrleansPlatform.EventStore";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>("platform.eventstore.appends", "{append}", "Appends by outcome: committed, duplicate, conflict.");
    private static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("platform.eventstore.append_duration", "ms", "Time from a stream grain receiving an append to its outcome.");

    public static void Record(string outcome, long startedTimestamp)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Appends.Add(1, tag);
        AppendDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, tag);
    }
}
