using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary><c>baseline</c>: raw PostgreSQL INSERT+COMMIT rate, alone or as the first half of <c>append --baseline</c>.</summary>
internal static class BaselineScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL connection string of the database to measure (loopback only).",
            Required = true,
        };
        postgres.Validators.Add(r =>
        {
            if (LoopbackGuard.PostgresError(r.GetValueOrDefault<string>() ?? "") is { } error)
            {
                r.AddError(error);
            }
        });
        var command = new Command("baseline", "Raw PostgreSQL: one single-row INSERT per transaction from every writer, into bench_baseline.");
        load.AddTo(command);
        command.Add(postgres);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = load.Read(parse);
            var result = await RunAsync(parse.GetRequiredValue(postgres), settings, cancellationToken);
            var summary = ResultReporter.Summarize("baseline", "sql", "postgres", settings.Writers, result);
            await ResultReporter.ReportAsync(summary, result, settings.JsonFile, cancellationToken);
            return ExitCodes.For(result);
        });
        return command;
    }

    public static async Task<LoadResult> RunAsync(string connectionString, LoadSettings settings, CancellationToken cancellationToken)
    {
        await using var workload = await BaselineWorkload.CreateAsync(connectionString, settings.Writers, cancellationToken);
        return await new LoadRunner(settings).RunAsync("baseline", workload.InsertAsync, cancellationToken);
    }
}
