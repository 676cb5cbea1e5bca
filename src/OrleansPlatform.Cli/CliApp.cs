using System.CommandLine;
using OrleansPlatform.Cli.Commands;

namespace OrleansPlatform.Cli;

/// <summary>The orleans-platform command tree; <see cref="RunAsync"/> parses, runs and returns the exit code.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken ct = default)
    {
        var runtime = new CliRuntime(environment, new GlobalOptions());
        var root = new RootCommand("Command-line tool of OrleansPlatform (event store, bus, sagas, registry, projections) over its HTTP API.");
        runtime.Options.AddTo(root);
        root.Subcommands.Add(StatusCommand.Build(runtime));
        root.Subcommands.Add(StreamCommands.Build(runtime));
        foreach (var extra in CliCommands.Extra(runtime))
        {
            root.Subcommands.Add(extra);
        }

        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        var code = await parse.InvokeAsync(configuration, ct);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }
}
