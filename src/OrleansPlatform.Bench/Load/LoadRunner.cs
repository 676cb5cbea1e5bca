using System.Diagnostics;
using HdrHistogram;
using OrleansPlatform.Bench.Cli;

namespace OrleansPlatform.Bench.Load;

/// <summary>One call of a writer: does a unit of work and returns how many events (or rows) it wrote.</summary>
internal delegate Task<int> LoadOperation(int writer, CancellationToken cancellationToken);

/// <summary>
/// Runs a closed loop of concurrent writers: warm-up, then a measured window, then a bounded stop. Throughput counts
/// operations that complete inside the window; each writer keeps its own histogram so recording takes no lock.
/// </summary>
internal sealed class LoadRunner(LoadSettings settings)
{
    // Calls still running this long after the window are abandoned (and counted as errors), so a hung platform
    // cannot keep the benchmark running forever.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    // After a failure a writer pauses briefly: a dead endpoint otherwise turns the loop into a hot spin that starves
    // the very process being measured on a small machine.
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(50);

    private long _allEvents;

    public async Task<LoadResult> RunAsync(string title, LoadOperation operation, CancellationToken cancellationToken)
    {
        var errors = new ErrorTally();
        var histograms = Enumerable.Range(0, settings.Writers).Select(_ => Latency.NewHistogram()).ToArray();
        var measured = new long[settings.Writers];
        var start = Stopwatch.GetTimestamp();
        var window = new Window(start + Ticks(settings.Warmup), start + Ticks(settings.Warmup + settings.Duration));
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abort.CancelAfter(settings.Warmup + settings.Duration + StopGrace);

        var writers = Enumerable.Range(0, settings.Writers)
            .Select(w => Task.Run(() => WriteLoopAsync(w, operation, window, histograms[w], measured, errors, abort.Token), CancellationToken.None))
            .ToArray();
        var ownCpu = MeasureOwnCpuAsync(window, abort.Token);
        var progress = new ProgressTracker(title, settings.Warmup, settings.Duration, () => Interlocked.Read(ref _allEvents), () => errors.Total);
        await LiveProgress.ShowAsync(progress, Task.WhenAll(writers));
        cancellationToken.ThrowIfCancellationRequested();

        return new LoadResult(measured.Sum(), histograms.Sum(h => h.TotalCount), settings.Duration, Latency.Merge(histograms), errors)
        {
            LoadGeneratorCpuShare = await ownCpu,
        };
    }

    private async Task WriteLoopAsync(
        int writer, LoadOperation operation, Window window, LongHistogram histogram, long[] measured, ErrorTally errors, CancellationToken abort)
    {
        while (Stopwatch.GetTimestamp() < window.End)
        {
            var began = Stopwatch.GetTimestamp();
            try
            {
                var events = await operation(writer, abort);
                var ended = Stopwatch.GetTimestamp();
                Interlocked.Add(ref _allEvents, events);
                if (ended >= window.Start && ended < window.End)
                {
                    Latency.Record(histogram, began, ended);
                    measured[writer] += events;
                }
            }
            catch (Exception ex) when (!abort.IsCancellationRequested || ex is not OperationCanceledException)
            {
                errors.Add(ex);
                await PauseAfterErrorAsync(abort);
            }
            catch (OperationCanceledException ex)
            {
                // The run's hard stop fired while this call was still in flight: it took longer than the grace period.
                errors.Add(new TimeoutException($"Still running {StopGrace.TotalSeconds:0}s after the window ended.", ex));
                return;
            }
        }
    }

    private static async Task PauseAfterErrorAsync(CancellationToken abort)
    {
        try
        {
            await Task.Delay(ErrorPause, abort);
        }
        catch (OperationCanceledException)
        {
            // The run is over; the loop condition ends this writer.
        }
    }

    /// <summary>
    /// This process's CPU time over the measured window as a share of all cores: when the load generator takes much of
    /// a small machine, what it measures is partly itself.
    /// </summary>
    private static async Task<double?> MeasureOwnCpuAsync(Window window, CancellationToken abort)
    {
        try
        {
            await Task.Delay(Until(window.Start), abort);
            using var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            await Task.Delay(Until(window.End), abort);
            process.Refresh();
            var wall = Stopwatch.GetElapsedTime(window.Start, window.End);
            return (process.TotalProcessorTime - before).TotalSeconds / (wall.TotalSeconds * Environment.ProcessorCount);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static TimeSpan Until(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private readonly record struct Window(long Start, long End);
}
