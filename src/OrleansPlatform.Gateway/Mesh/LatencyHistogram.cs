namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// Latencies in log-scaled buckets (each 20 % wider than the one before, from 10 µs to past a minute), so a quantile
/// costs a fixed small array rather than every sample; a quantile is reported as its bucket's upper bound, within 20 %.
/// Not thread-safe: <see cref="TopologyEdge"/> locks around it.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double FirstBound = 0.01;
    private const double Growth = 1.2;
    private const int BucketCount = 96;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly int[] _counts = new int[BucketCount];

    public long Count { get; private set; }

    public void Record(double milliseconds)
    {
        var index = milliseconds <= FirstBound ? 0 : (int)Math.Ceiling(Math.Log(milliseconds / FirstBound) / LogGrowth);
        _counts[Math.Min(index, BucketCount - 1)]++;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    /// <summary>Adds this histogram's counts to <paramref name="totals"/>.</summary>
    public void AddTo(long[] totals)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            totals[i] += _counts[i];
        }
    }

    public static long[] NewTotals() => new long[BucketCount];

    /// <summary>The <paramref name="quantile"/> (0..1) of merged <paramref name="totals"/>, in milliseconds; 0 without samples.</summary>
    public static double Quantile(long[] totals, double quantile)
    {
        var count = totals.Sum();
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += totals[i];
            if (seen >= rank)
            {
                return Math.Round(FirstBound * Math.Pow(Growth, i), 3);
            }
        }

        return Math.Round(FirstBound * Math.Pow(Growth, BucketCount - 1), 3);
    }
}
