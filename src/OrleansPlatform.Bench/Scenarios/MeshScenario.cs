using System.CommandLine;
using System.Net.Http.Json;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>mesh</c>: the same GET, in one run, straight to a local no-op backend and then through the platform's mesh
/// (<c>/api/v1/mesh/{service}/...</c>) to that backend, registered for the run as the only instance of a fresh
/// service. The difference is what the mesh adds: the report gives the throughput ratio and the added p50/p99.
/// </summary>
internal static class MeshScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var floor = new Option<bool>("--gateway-floor") { Description = "Also measure GET /health/live on the gateway: what any request through it costs, without forwarding." };
        var command = new Command("mesh", "The same requests straight to a local backend and through the mesh, in one run: ratio and added latency.");
        load.AddTo(command);
        command.Add(floor);
        connection.AddTo(command, withUrl: true);
        command.Validators.Add(r =>
        {
            if (r.GetValue(connection.Url) is null)
            {
                r.AddError("mesh needs --url, the platform's HTTP API.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(load.Read(parse), connection.Read(parse), parse.GetValue(floor), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, bool gatewayFloor, CancellationToken cancellationToken)
    {
        await using var backend = await NoOpParticipant.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            // One keep-alive connection per caller on either path, so neither queues for a socket.
            MaxConnectionsPerServer = load.Writers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        }) { Timeout = TimeSpan.FromSeconds(30) };
        var platform = connection.Url!;
        var service = "bench-mesh-" + Guid.NewGuid().ToString("N")[..8];
        var registration = new Uri(platform, $"api/v1/services/{service}/instances/i-0");
        (await http.PutAsJsonAsync(registration, new { address = backend.BaseUrl }, cancellationToken)).EnsureSuccessStatusCode();
        try
        {
            var directUrl = new Uri(new Uri(backend.BaseUrl), "ping");
            var meshUrl = new Uri(platform, $"api/v1/mesh/{service}/ping");
            var direct = await new LoadRunner(load).RunAsync("direct", (_, ct) => GetAsync(http, directUrl, ct), cancellationToken);
            var mesh = await new LoadRunner(load).RunAsync("mesh", (_, ct) => GetAsync(http, meshUrl, ct), cancellationToken);
            LoadResult? floorResult = null;
            if (gatewayFloor)
            {
                var liveUrl = new Uri(platform, "health/live");
                floorResult = await new LoadRunner(load).RunAsync("gateway floor", (_, ct) => GetAsync(http, liveUrl, ct), cancellationToken);
                await ResultReporter.ReportAsync(ResultReporter.Summarize("mesh-gateway-floor", "http", connection.Storage, load.Writers, floorResult), floorResult, null, cancellationToken);
            }

            var directSummary = ResultReporter.Summarize("mesh-direct", "http", connection.Storage, load.Writers, direct);
            var summary = ResultReporter.Summarize("mesh", "http", connection.Storage, load.Writers, mesh) with
            {
                Baseline = directSummary,
                BaselineInsertsPerSecond = directSummary.EventsPerSecond,
                Ratio = direct.EventsPerSecond > 0 ? Math.Round(mesh.EventsPerSecond / direct.EventsPerSecond, 3) : null,
            };
            await ResultReporter.ReportAsync(directSummary, direct, null, cancellationToken);
            await ResultReporter.ReportAsync(summary, mesh, load.JsonFile, cancellationToken);
            AnsiConsole.MarkupLine(
                $"mesh/direct throughput [bold]{summary.Ratio:0.00}[/], added p50 [bold]{mesh.P50Ms - direct.P50Ms:0.00} ms[/], added p99 [bold]{mesh.P99Ms - direct.P99Ms:0.00} ms[/]");
            if (floorResult is not null)
            {
                AnsiConsole.MarkupLine($"gateway floor (GET /health/live) / direct throughput [bold]{floorResult.EventsPerSecond / direct.EventsPerSecond:0.00}[/]");
            }

            return Math.Max(ExitCodes.For(direct), Math.Max(ExitCodes.For(mesh), floorResult is null ? 0 : ExitCodes.For(floorResult)));
        }
        finally
        {
            await http.DeleteAsync(registration, CancellationToken.None);
        }
    }

    private static async Task<int> GetAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url.AbsolutePath} returned {(int)response.StatusCode}", null, response.StatusCode);
        }

        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return 1;
    }
}
