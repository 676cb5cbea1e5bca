using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>Metrics and traces of sagas: starts, outcomes and durations per definition, attempts per step and outcome.</summary>
internal static class SagaTelemetry
{
    public const string Name = "OrleansPlatform.Sagas";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> StartedCounter = Meter.CreateCounter<long>("platform.sagas.started", "{saga}", "Sagas started.");
    private static readonly Counter<long> FinishedCounter = Meter.CreateCounter<long>("platform.sagas.finished", "{saga}", "Sagas finished, by final status.");
    private static readonly Histogram<double> SagaDuration = Meter.CreateHistogram<double>("platform.sagas.duration", "ms", "Start to finish of a saga.");
    private static readonly Counter<long> StepAttempts = Meter.CreateCounter<long>("platform.sagas.step_attempts", "{attempt}", "Step attempts, by step, phase and outcome.");
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("platform.sagas.step_duration", "ms", "Duration of one step attempt.");

    public static void Started(string definition) => StartedCounter.Add(1, new KeyValuePair<string, object?>("definition", definition));

    public static void Finished(string definition, SagaStatus status, TimeSpan duration)
    {
        var tags = new TagList { { "definition", definition }, { "status", SagaViews.StatusName(status) } };
        FinishedCounter.Add(1, tags);
        SagaDuration.Record(duration.TotalMilliseconds, tags);
    }

    public static void StepAttempted(string definition, string step, bool compensating, bool succeeded, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "definition", definition },
            { "step", step },
            { "phase", compensating ? "compensation" : "action" },
            { "outcome", succeeded ? "succeeded" : "failed" },
        };
        StepAttempts.Add(1, tags);
        StepDuration.Record(duration.TotalMilliseconds, tags);
    }
}
