using Spectre.Console;

namespace OrleansPlatform.Bench.Load;

/// <summary>
/// Shows a scenario's progress while it runs: a live bar in a terminal, and a plain line every few seconds when the
/// output is a log file (as under deploy/scripts/bench.sh), where redrawing a bar would only add noise.
/// </summary>
internal static class LiveProgress
{
    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogRefresh = TimeSpan.FromSeconds(5);

    public static async Task ShowAsync(ProgressTracker tracker, Task work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (await Task.WhenAny(work, Task.Delay(LogRefresh)) != work)
            {
                AnsiConsole.WriteLine(tracker.Describe());
            }

            await work;
            return;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(tracker.Title), maxValue: Math.Max(tracker.Total.TotalSeconds, 1));
                while (await Task.WhenAny(work, Task.Delay(TerminalRefresh)) != work)
                {
                    task.Description = Markup.Escape(tracker.Describe());
                    task.Value = Math.Min(tracker.Elapsed.TotalSeconds, task.MaxValue);
                }

                task.Description = Markup.Escape(tracker.Describe());
                task.Value = task.MaxValue;
                await work;
            });
    }
}
