using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>roundtrip</c>: writers ask their own stream grain for its summary (answered from memory, no storage), so the
/// run measures the typed client's call path alone: client, gateway, grain and back. It is the floor under every
/// client-mode append and publish, and the CPU it costs per call is what no storage change can win back.
/// </summary>
internal static class RoundTripScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var command = new Command("roundtrip", "Grain call round trips through the typed client, without storage (the messaging floor).");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(connection.Gateway) ?? []).Length == 0 && r.GetValue(connection.Postgres) is null)
            {
                r.AddError("roundtrip needs --gateway host:port or --postgres (cluster discovery).");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(load.Read(parse), connection.Read(parse), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var plan = new StreamPlan(load.Writers, load.Writers);
        var streams = Enumerable.Range(0, load.Writers).Select(plan.Next).ToArray();
        var result = await new LoadRunner(load).RunAsync("roundtrip", async (writer, ct) =>
        {
            // A stream that was never written has no summary: null is the expected answer, from memory after the first call.
            await client.Store.GetStreamAsync(streams[writer], ct);
            return 1;
        }, cancellationToken);

        var summary = ResultReporter.Summarize("roundtrip", "client", connection.Storage, load.Writers, result);
        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return ExitCodes.For(result);
    }
}
