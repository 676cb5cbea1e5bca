using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using OrleansPlatform.Bench.Load;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// Step dispatch latency as a participant sees it: from the moment it answered one step of a saga to the arrival of
/// that saga's next step request (the engine's journal write, planning and call in between). Keyed by
/// <c>X-Saga-Id</c>; compensation calls are not counted.
/// </summary>
internal sealed class StepDispatchClock
{
    private readonly ConcurrentDictionary<string, long> _lastAnswered = new();
    private readonly Lock _gate = new();
    private LongHistogram _histogram = Latency.NewHistogram();

    /// <summary>A step request arrived: records the gap since this saga's previous step was answered, if any.</summary>
    public void Arrived(string sagaId)
    {
        if (_lastAnswered.TryRemove(sagaId, out var answered))
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                Latency.Record(_histogram, answered, now);
            }
        }
    }

    /// <summary>The participant is about to answer a step of <paramref name="sagaId"/>.</summary>
    public void Answering(string sagaId) => _lastAnswered[sagaId] = Stopwatch.GetTimestamp();

    /// <summary>Forgets what was recorded so far (the warm-up's samples).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _histogram = Latency.NewHistogram();
        }
    }

    /// <summary>A copy of the samples since the last reset.</summary>
    public LongHistogram Snapshot()
    {
        lock (_gate)
        {
            return (LongHistogram)_histogram.Copy();
        }
    }
}
