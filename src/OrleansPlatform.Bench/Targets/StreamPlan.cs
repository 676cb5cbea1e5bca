using System.Globalization;

namespace OrleansPlatform.Bench.Targets;

/// <summary>
/// Gives every writer its own streams (stream i belongs to writer i mod writers), so writers never contend on a
/// stream and the benchmark measures the store, not single-writer queuing. Stream ids are unique per run, so a run
/// never appends to streams an earlier run left behind.
/// </summary>
internal sealed class StreamPlan
{
    private readonly string _prefix;
    private readonly int _writers;
    private readonly int _streams;
    private readonly long[] _cursor;

    public StreamPlan(int writers, int streams)
    {
        if (streams < writers)
        {
            throw new ArgumentOutOfRangeException(nameof(streams), "Give at least one stream per writer (--streams >= --writers).");
        }

        _prefix = "bench-" + Guid.NewGuid().ToString("N")[..8] + "-";
        _writers = writers;
        _streams = streams;
        _cursor = new long[writers];
    }

    /// <summary>The writer's next stream, round-robin over its own; only that writer calls this, so no lock.</summary>
    public string Next(int writer)
    {
        var owned = (_streams - writer + _writers - 1) / _writers;
        var index = writer + (int)(_cursor[writer]++ % owned) * _writers;
        return _prefix + index.ToString("D6", CultureInfo.InvariantCulture);
    }
}
