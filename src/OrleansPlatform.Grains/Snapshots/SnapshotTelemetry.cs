using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>Metrics of stream-state folds: how many events a state cost, and the snapshots that bound that cost.</summary>
internal static class SnapshotTelemetry
{
    public const string Name = "OrleansPlatform.Snapshots";

    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<long> Folded = Meter.CreateHistogram<long>("platform.state.folded", "{event}", "Events folded on top of a snapshot (or from the start) to answer one state.");
    private static readonly Counter<long> Saved = Meter.CreateCounter<long>("platform.snapshots.saved", "{snapshot}", "Stream-state snapshots saved.");
    private static readonly Counter<long> Discarded = Meter.CreateCounter<long>("platform.snapshots.discarded", "{snapshot}", "Snapshots refused because a subject they hold was erased.");

    public static void RecordFolded(long events, bool fromSnapshot) =>
        Folded.Record(events, new KeyValuePair<string, object?>("start", fromSnapshot ? "snapshot" : "first"));

    public static void RecordSaved() => Saved.Add(1);

    public static void RecordDiscarded() => Discarded.Add(1);
}
