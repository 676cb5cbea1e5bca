namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// One caller → service edge over a recent window: one slot per second (calls, errors, latencies), reused as the
/// window slides, so recording is a lock and a few increments.
/// </summary>
internal sealed class TopologyEdge(string caller, string service, int windowSeconds)
{
    private readonly Slot[] _slots = Enumerable.Range(0, windowSeconds).Select(_ => new Slot()).ToArray();

    public string Caller { get; } = caller;

    public string Service { get; } = service;

    public void Record(long second, bool error, double milliseconds)
    {
        var slot = _slots[(int)(second % _slots.Length)];
        lock (slot)
        {
            if (slot.Second != second)
            {
                slot.Reset(second);
            }

            slot.Requests++;
            slot.Errors += error ? 1 : 0;
            slot.Latency.Record(milliseconds);
        }
    }

    /// <summary>Totals over the seconds after <paramref name="now"/> minus the window, or null when the edge was idle throughout.</summary>
    public EdgeTotals? Totals(long now)
    {
        long requests = 0, errors = 0;
        var latency = LatencyHistogram.NewTotals();
        foreach (var slot in _slots)
        {
            lock (slot)
            {
                if (slot.Second > now - _slots.Length && slot.Second <= now)
                {
                    requests += slot.Requests;
                    errors += slot.Errors;
                    slot.Latency.AddTo(latency);
                }
            }
        }

        return requests == 0 ? null : new EdgeTotals(requests, errors, latency);
    }

    internal sealed record EdgeTotals(long Requests, long Errors, long[] Latency);

    private sealed class Slot
    {
        public long Second { get; private set; } = long.MinValue;

        public long Requests { get; set; }

        public long Errors { get; set; }

        public LatencyHistogram Latency { get; } = new();

        public void Reset(long second)
        {
            Second = second;
            Requests = 0;
            Errors = 0;
            Latency.Clear();
        }
    }
}
