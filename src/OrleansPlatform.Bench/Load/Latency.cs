using System.Diagnostics;
using HdrHistogram;

namespace OrleansPlatform.Bench.Load;

/// <summary>Latency histograms in microseconds: fine enough for sub-millisecond appends, wide enough for timeouts.</summary>
internal static class Latency
{
    // Anything slower than a minute is clamped rather than dropped, so a pathological outlier still shows as max.
    private const long HighestMicroseconds = 60_000_000;

    public static LongHistogram NewHistogram() => new(HighestMicroseconds, 3);

    public static void Record(LongHistogram histogram, long startTimestamp, long endTimestamp)
    {
        var micros = (long)Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds;
        histogram.RecordValue(Math.Clamp(micros, 0, HighestMicroseconds));
    }

    public static LongHistogram Merge(IEnumerable<LongHistogram> parts)
    {
        var total = NewHistogram();
        foreach (var part in parts)
        {
            total.Add(part);
        }

        return total;
    }

    public static double PercentileMs(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMs(LongHistogram histogram) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;
}
