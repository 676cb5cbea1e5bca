using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Retention;

/// <summary>Metrics of stream deletion and the reclaim job (issue 13).</summary>
internal static class RetentionTelemetry
{
    public const string Name = "OrleansPlatform.Retention";

    /// <summary>Traces of reclaim runs.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Deletes = Meter.CreateCounter<long>("platform.retention.deletes", "{stream}", "Streams deleted, by kind: soft, hard.");
    private static readonly Counter<long> Removed = Meter.CreateCounter<long>("platform.retention.events_removed", "{event}", "Event rows removed from storage, by cause: reclaim, hard_delete.");
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("platform.retention.reclaim.runs", "{run}", "Reclaim job runs, by outcome: completed, failed.");
    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("platform.retention.reclaim.duration", "s", "How long one reclaim run took.");

    public static void RecordDelete(bool hard, long removed)
    {
        Deletes.Add(1, new KeyValuePair<string, object?>("kind", hard ? "hard" : "soft"));
        if (removed > 0)
        {
            Removed.Add(removed, new KeyValuePair<string, object?>("cause", "hard_delete"));
        }
    }

    public static void RecordRun(bool completed, long removed, TimeSpan took)
    {
        Runs.Add(1, new KeyValuePair<string, object?>("outcome", completed ? "completed" : "failed"));
        RunDuration.Record(took.TotalSeconds);
        if (removed > 0)
        {
            Removed.Add(removed, new KeyValuePair<string, object?>("cause", "reclaim"));
        }
    }
}
