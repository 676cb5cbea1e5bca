using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>Traces and metrics of the event log's write path.</summary>
public static class EventLogTelemetry
{
    public const string Name = "OrleansPlatform.EventLog";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> EventsWritten = Meter.CreateCounter<long>("platform.eventlog.events_written", "{event}", "Events durably appended.");
    private static readonly Histogram<int> BatchAppends = Meter.CreateHistogram<int>("platform.eventlog.batch_appends", "{append}", "Appends per group-commit transaction.");
    private static readonly Counter<long> AppendFailures = Meter.CreateCounter<long>("platform.eventlog.append_failures", "{append}", "Appends answered with an error, by reason: queue_full, commit_timeout, unavailable, data.");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("platform.eventlog.batch_duration", "ms", "Duration of one group-commit transaction.");

    public static void RecordBatch(int appends, int events, TimeSpan elapsed)
    {
        EventsWritten.Add(events);
        BatchAppends.Record(appends);
        BatchDuration.Record(elapsed.TotalMilliseconds);
    }

    public static void RecordFailure(string reason) => AppendFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
