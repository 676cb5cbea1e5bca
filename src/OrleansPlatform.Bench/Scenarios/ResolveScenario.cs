using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>resolve</c>: callers resolve one registered service through the typed client's <see cref="Client.IServiceRegistry"/>,
/// as a .NET service does before each outgoing call. The service gets <c>--instances</c> instances for the run (a fresh
/// name, deregistered afterwards); round robin, random and weighted are answered by the client's watched copy, least
/// connections and consistent hash by the service's grain, so <c>--strategy</c> shows both paths.
/// </summary>
internal static class ResolveScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var instances = new Option<int>("--instances") { Description = "Instances registered for the run.", DefaultValueFactory = _ => 3 };
        var strategy = new Option<BalancingStrategy>("--strategy") { Description = "Balancing strategy of every resolve.", DefaultValueFactory = _ => BalancingStrategy.RoundRobin };
        var command = new Command("resolve", "Registry resolves through the typed client (its resolve cache, or the grain for leastConnections/consistentHash).");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        instances.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1_000)
            {
                r.AddError("--instances is between 1 and 1000.");
            }
        });
        command.Add(instances);
        command.Add(strategy);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(connection.Gateway) ?? []).Length == 0 && r.GetValue(connection.Postgres) is null)
            {
                r.AddError("resolve needs --gateway host:port or --postgres (cluster discovery).");
            }
        });
        command.SetAction((parse, cancellationToken) =>
            RunAsync(load.Read(parse), connection.Read(parse), parse.GetValue(instances), parse.GetValue(strategy), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, int instances, BalancingStrategy strategy, CancellationToken cancellationToken)
    {
        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var service = "bench-resolve-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < instances; i++)
        {
            await client.Registry.RegisterAsync(service, $"i-{i}", new ServiceRegistration($"http://127.0.0.1:{9000 + i}", Weight: 1 + (i % 3)), cancellationToken);
        }

        try
        {
            var result = await new LoadRunner(load).RunAsync("resolve", async (writer, ct) =>
            {
                await client.Registry.ResolveAsync(service, strategy, "key-" + writer, ct);
                return 1;
            }, cancellationToken);

            var summary = ResultReporter.Summarize("resolve", "client", connection.Storage, load.Writers, result);
            await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
            return ExitCodes.For(result);
        }
        finally
        {
            for (var i = 0; i < instances; i++)
            {
                await client.Registry.DeregisterAsync(service, $"i-{i}", CancellationToken.None);
            }
        }
    }
}
