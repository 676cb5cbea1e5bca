using HdrHistogram;

namespace OrleansPlatform.Bench.Load;

/// <summary>What one measured window produced: work done, its latency distribution and every failure.</summary>
/// <param name="Events">Events (or rows) completed inside the window.</param>
/// <param name="Operations">Calls completed inside the window; each recorded one latency sample.</param>
/// <param name="Elapsed">Length of the window the rates are computed over.</param>
/// <param name="Latencies">Per-operation latency in microseconds.</param>
/// <param name="Errors">Failures over the whole run, warm-up included.</param>
internal sealed record LoadResult(long Events, long Operations, TimeSpan Elapsed, LongHistogram Latencies, ErrorTally Errors)
{
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;

    public double P50Ms => Latency.PercentileMs(Latencies, 50);

    public double P99Ms => Latency.PercentileMs(Latencies, 99);

    public double MaxMs => Latency.MaxMs(Latencies);

    /// <summary>The load generator's own CPU over the window, as a share of all cores (null when not measured).</summary>
    public double? LoadGeneratorCpuShare { get; init; }
}
