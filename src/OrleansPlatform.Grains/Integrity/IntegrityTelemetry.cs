using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>Metrics of whole-log verification jobs (issue 13).</summary>
internal static class IntegrityTelemetry
{
    public const string Name = "OrleansPlatform.Integrity";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Jobs = Meter.CreateCounter<long>("platform.integrity.verify.jobs", "{job}", "Whole-log verification jobs, by outcome: started, valid, broken.");
    private static readonly Counter<long> Checked = Meter.CreateCounter<long>("platform.integrity.verify.events", "{event}", "Events whose checksum and chain link a verification job checked.");
    private static readonly Counter<long> Broken = Meter.CreateCounter<long>("platform.integrity.verify.broken", "{stream}", "Streams a verification job found broken.");

    public static void RecordJobStarted() => Jobs.Add(1, new KeyValuePair<string, object?>("outcome", "started"));

    public static void RecordJobCompleted(bool valid) => Jobs.Add(1, new KeyValuePair<string, object?>("outcome", valid ? "valid" : "broken"));

    public static void RecordChecked(long events, int broken)
    {
        Checked.Add(events);
        if (broken > 0)
        {
            Broken.Add(broken);
        }
    }
}
