using System.Diagnostics;
using System.Globalization;

namespace OrleansPlatform.Bench.Load;

/// <summary>
/// Turns running counters into the one-line status shown while a scenario runs: phase, recent rate and errors.
/// The rate is over the last update interval, so a stall is visible at once instead of being averaged away.
/// </summary>
internal sealed class ProgressTracker(string title, TimeSpan warmup, TimeSpan duration, Func<long> events, Func<long> errors)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastEvents;
    private long _lastTimestamp = Stopwatch.GetTimestamp();

    public string Title => title;

    public TimeSpan Total => warmup + duration;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public string Describe()
    {
        var now = Stopwatch.GetTimestamp();
        var total = events();
        var seconds = Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        var rate = seconds > 0 ? (total - _lastEvents) / seconds : 0;
        _lastEvents = total;
        _lastTimestamp = now;
        var phase = Elapsed < warmup ? "warm-up" : Elapsed < Total ? "measuring" : "stopping";
        return string.Create(CultureInfo.InvariantCulture, $"{title} [{phase}] {rate,9:N0} ev/s  total {total:N0}  errors {errors():N0}");
    }
}
