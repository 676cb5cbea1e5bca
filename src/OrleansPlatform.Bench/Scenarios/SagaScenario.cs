using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Sagas;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>saga</c>: writers start sagas through the typed client (<c>ISagas.StartAsync</c>) on a three-step sequential
/// definition whose steps call a local no-op HTTP participant, and wait for each to finish
/// (<c>ISagas.WaitForCompletionAsync</c>, a long poll the saga's commits answer); latency is start to completed, and a
/// saga that does not complete is an error. Step dispatch (one step answered to the next one's arrival) is timed at
/// the participant.
/// </summary>
internal static class SagaScenario
{
    private const string DefinitionName = "bench-saga";

    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var command = new Command("saga", "Completed three-step sagas per second and start-to-completed latency, against a no-op participant.");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(load.Read(parse), connection.Read(parse), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        await using var participant = await NoOpParticipant.StartAsync();
        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var steps = new[] { "reserve", "charge", "ship" };
        var definition = new SagaDefinition(steps.Select((name, i) => new SagaStep(
            name,
            new StepAction(new CallTarget("POST", Url: $"{participant.BaseUrl}/{name}")),
            new StepAction(new CallTarget("POST", Url: $"{participant.BaseUrl}/{name}/undo")),
            DependsOn: i == 0 ? null : [steps[i - 1]])).ToList());
        var (info, _) = await client.Sagas.DefineAsync(DefinitionName, definition, cancellationToken);
        AnsiConsole.MarkupLine($"[grey]definition {info.Name} v{info.Version}, {steps.Length} steps on {participant.BaseUrl}[/]");

        // The dispatch samples of the warm-up are dropped when the measured window starts.
        using var warmedUp = new CancellationTokenSource(load.Warmup);
        await using var resetAtWindow = warmedUp.Token.Register(participant.Dispatch.Reset);
        var result = await new LoadRunner(load).RunAsync("saga/client", async (_, ct) =>
        {
            var (sagaId, _) = await client.Sagas.StartAsync(DefinitionName, "{}", cancellationToken: ct);
            var view = await client.Sagas.WaitForCompletionAsync(sagaId, cancellationToken: ct);
            return view.Status == SagaStatus.Completed
                ? 1
                : throw new NotCompletedException($"saga {sagaId} ended {view.Status}: {view.Reason}");
        }, cancellationToken);

        var dispatch = participant.Dispatch.Snapshot();
        AnsiConsole.MarkupLine($"[grey]participant calls answered: {participant.Calls:N0}; step dispatch p50 {Latency.PercentileMs(dispatch, 50):0.00} ms, p99 {Latency.PercentileMs(dispatch, 99):0.00} ms over {dispatch.TotalCount:N0} steps[/]");
        var summary = ResultReporter.Summarize("saga", "client", connection.Storage, load.Writers, result) with
        {
            Streams = steps.Length,
            DispatchP50Ms = Math.Round(Latency.PercentileMs(dispatch, 50), 3),
            DispatchP99Ms = Math.Round(Latency.PercentileMs(dispatch, 99), 3),
        };
        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return ExitCodes.For(result);
    }

    private sealed class NotCompletedException(string message) : Exception(message);
}
