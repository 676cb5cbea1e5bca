using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Bench.Load;
using Spectre.Console;

namespace OrleansPlatform.Bench.Reporting;

/// <summary>Prints a run's result as a table (with every error kind) and writes the JSON summary when asked.</summary>
internal static class ResultReporter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static BenchSummary Summarize(string scenario, string mode, string storage, int writers, LoadResult result) => new()
    {
        Scenario = scenario,
        Mode = mode,
        Storage = storage,
        Writers = writers,
        DurationSeconds = Math.Round(result.Elapsed.TotalSeconds, 3),
        Events = result.Events,
        EventsPerSecond = Math.Round(result.EventsPerSecond, 1),
        P50Ms = Math.Round(result.P50Ms, 3),
        P99Ms = Math.Round(result.P99Ms, 3),
        MaxMs = Math.Round(result.MaxMs, 3),
        LoadGeneratorCpuPercent = result.LoadGeneratorCpuShare is { } share ? Math.Round(100 * share, 1) : null,
        Errors = result.Errors.Total,
        ErrorKinds = result.Errors.Snapshot().ToDictionary(e => e.Kind, e => e.Count),
    };

    /// <summary>Adds the raw-PostgreSQL baseline of the same run and the platform/baseline ratio, when one was measured.</summary>
    public static BenchSummary WithBaseline(BenchSummary summary, LoadResult result, LoadResult? baseline, int writers) => baseline is null
        ? summary
        : summary with
        {
            BaselineInsertsPerSecond = Math.Round(baseline.EventsPerSecond, 1),
            Ratio = baseline.EventsPerSecond > 0 ? Math.Round(result.EventsPerSecond / baseline.EventsPerSecond, 3) : null,
            Baseline = Summarize("baseline", "sql", "postgres", writers, baseline),
        };

    public static async Task ReportAsync(BenchSummary summary, LoadResult result, FileInfo? jsonFile, CancellationToken cancellationToken)
    {
        Print(summary, result);
        if (jsonFile is not null)
        {
            jsonFile.Directory?.Create();
            await using var stream = jsonFile.Create();
            await JsonSerializer.SerializeAsync(stream, summary, JsonOptions, cancellationToken);
            AnsiConsole.MarkupLine($"[grey]summary written to {Markup.Escape(jsonFile.FullName)}[/]");
        }
    }

    private static void Print(BenchSummary s, LoadResult result)
    {
        var table = new Table().Title(Markup.Escape($"{s.Scenario} ({s.Mode}, {s.Storage})")).AddColumns("metric", "value");
        Row(table, "writers", s.Writers);
        if (s.Streams is { } streams)
        {
            Row(table, "streams", streams);
        }

        if (s.EventsPerAppend is { } perAppend)
        {
            Row(table, "events per append", perAppend);
        }

        Row(table, "measured", $"{s.DurationSeconds:0.###} s");
        Row(table, "events", s.Events.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "calls", result.Operations.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "events/s", s.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "latency p50 / p99 / max", $"{s.P50Ms:0.00} / {s.P99Ms:0.00} / {s.MaxMs:0.00} ms");
        if (s.BaselineInsertsPerSecond is { } baseline)
        {
            Row(table, "baseline inserts/s", baseline.ToString("N0", CultureInfo.InvariantCulture));
            Row(table, "ratio (events/s / inserts/s)", $"{s.Ratio:0.00}");
        }

        if (s.CaughtUp is { } caughtUp)
        {
            Row(table, "caught up", caughtUp ? "yes" : "no (a limit stopped it)");
        }

        Row(table, "errors", s.Errors == 0 ? "0" : $"[red]{s.Errors:N0}[/]", escape: false);
        foreach (var (kind, count, sample) in result.Errors.Snapshot())
        {
            Row(table, $"  {kind}", $"{count:N0} e.g. {sample}");
        }

        AnsiConsole.Write(table);
    }

    private static void Row(Table table, string metric, object value, bool escape = true)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        table.AddRow(Markup.Escape(metric), escape ? Markup.Escape(text) : text);
    }
}
