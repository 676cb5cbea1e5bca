namespace OrleansPlatform.Bench.Reporting;

/// <summary>
/// The machine-readable result of one scenario run (<c>--json</c>); field names are stable because scripts and
/// docs/BENCHMARKS.md are built from them.
/// </summary>
internal sealed record BenchSummary
{
    public required string Scenario { get; init; }

    public required string Mode { get; init; }

    public required string Storage { get; init; }

    public required int Writers { get; init; }

    public int? Streams { get; init; }

    public int? EventsPerAppend { get; init; }

    public required double DurationSeconds { get; init; }

    public required long Events { get; init; }

    public required double EventsPerSecond { get; init; }

    public required double P50Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double MaxMs { get; init; }

    /// <summary>Saga scenario: from a step's answer to the next step's arrival at the participant, p50 and p99.</summary>
    public double? DispatchP50Ms { get; init; }

    /// <inheritdoc cref="DispatchP50Ms"/>
    public double? DispatchP99Ms { get; init; }

    /// <summary>The load generator's own CPU during the window, in percent of all cores.</summary>
    public double? LoadGeneratorCpuPercent { get; init; }

    /// <summary>Raw single-row INSERT+COMMIT rate on the same database and concurrency, when measured.</summary>
    public double? BaselineInsertsPerSecond { get; init; }

    /// <summary>Platform events/s divided by <see cref="BaselineInsertsPerSecond"/>.</summary>
    public double? Ratio { get; init; }

    public required long Errors { get; init; }

    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();

    /// <summary>The baseline run in full (latencies included), when one ran in the same invocation.</summary>
    public BenchSummary? Baseline { get; init; }

    /// <summary>Readall only: whether the reader reached the end of the feed before its limits.</summary>
    public bool? CaughtUp { get; init; }
}
