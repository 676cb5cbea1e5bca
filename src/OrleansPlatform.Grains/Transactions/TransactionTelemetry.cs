using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>Metrics and traces of two-phase commit: transactions started and finished, participant calls, durations.</summary>
internal static class TransactionTelemetry
{
    public const string Name = "OrleansPlatform.Transactions";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> StartedCounter = Meter.CreateCounter<long>("platform.tx.started", "{transaction}", "Transactions started.");
    private static readonly Counter<long> FinishedCounter = Meter.CreateCounter<long>("platform.tx.finished", "{transaction}", "Transactions committed or aborted, by status.");
    private static readonly Counter<long> CallCounter = Meter.CreateCounter<long>("platform.tx.participant_calls", "{call}", "Participant calls, by phase and outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("platform.tx.duration", "ms", "Start to last acknowledgement.");

    public static void Started() => StartedCounter.Add(1);

    public static void Finished(TransactionStatus status, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("status", status == TransactionStatus.Committed ? "committed" : "aborted");
        FinishedCounter.Add(1, tag);
        Duration.Record(duration.TotalMilliseconds, tag);
    }

    public static void Called(string phase, bool succeeded) => CallCounter.Add(1,
        new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));
}
