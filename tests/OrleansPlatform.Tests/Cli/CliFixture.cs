using System.Text.Json.Nodes;
using OrleansPlatform.Cli;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Cli;

/// <summary>One platform host on SQLite that every CLI test talks to, through the CLI's own command handling.</summary>
public sealed class CliFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Runs `orleans-platform args` against the host (its in-process handler stands in for the socket).</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithAsync(Host.Server.CreateHandler(), ["--url", "http://localhost", .. args]);

    /// <summary>Runs the tool over real sockets, with the handler the installed tool would use.</summary>
    public static Task<CliRun> RunOverNetworkAsync(params string[] args) => RunWithAsync(null, args);

    /// <summary>Runs `orleans-platform args` against another started host, with these environment variables.</summary>
    public static Task<CliRun> RunAgainstAsync(PlatformHost host, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithAsync(host.Server.CreateHandler(), ["--url", "http://localhost", .. args], environment);

    /// <summary>Runs the tool over real sockets with these environment variables.</summary>
    public static Task<CliRun> RunOverNetworkAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => RunWithAsync(null, args, environment);

    private static async Task<CliRun> RunWithAsync(HttpMessageHandler? handler, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await CliApp.RunAsync(args, new CliEnvironment(output, error, name => environment?.GetValueOrDefault(name), handler), timeout.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>What one run of the tool left: exit code, stdout, stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public JsonNode Json() => JsonNode.Parse(Output) ?? throw new InvalidOperationException("empty output");

    public IReadOnlyList<JsonNode> JsonLines() =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "Cli";
}
