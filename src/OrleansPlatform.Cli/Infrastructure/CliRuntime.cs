using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansPlatform.Cli;

/// <summary>Runs one command's work with the shared plumbing: HTTP client from --url/--api-key, output mode, and errors to exit codes.</summary>
internal sealed class CliRuntime(CliEnvironment environment, GlobalOptions options)
{
    public GlobalOptions Options { get; } = options;

    public CliEnvironment Environment { get; } = environment;

    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="work"/>, wrapped in the tool's error handling.</summary>
    public void Handle(Command command, Func<CommandScope, CancellationToken, Task<int>> work) =>
        command.SetAction((parse, ct) => RunAsync(parse, work, ct));

    private async Task<int> RunAsync(ParseResult parse, Func<CommandScope, CancellationToken, Task<int>> work, CancellationToken ct)
    {
        var url = parse.GetValue(Options.Url) ?? Environment.Variable("ORLEANS_PLATFORM_URL") ?? GlobalOptions.DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress))
        {
            return Fail(ExitCodes.Usage, $"invalid --url '{url}'");
        }

        using var http = Environment.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        http.BaseAddress = baseAddress;
        http.Timeout = Timeout.InfiniteTimeSpan; // tails and watches run until Ctrl+C; single requests are bounded below.
        var apiKey = parse.GetValue(Options.ApiKey) ?? Environment.Variable("ORLEANS_PLATFORM_API_KEY");
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var scope = new CommandScope(parse, new PlatformApi(http), new Output(Environment.Out, parse.GetValue(Options.Json)));
        try
        {
            return await work(scope, ct);
        }
        catch (PlatformApiException e)
        {
            return Fail(ExitCodes.ForStatus(e.Status), $"{e.Status} {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return Fail(ExitCodes.Unreachable, $"cannot reach {baseAddress}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Fail(ExitCodes.Unreachable, $"no answer from {baseAddress} (timed out)");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C ends a tail or watch: that is how the user stops it, not an error.
            return ExitCodes.Success;
        }
        catch (CliUsageException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (JsonException e)
        {
            return Fail(ExitCodes.Usage, $"invalid JSON: {e.Message}");
        }
    }

    private int Fail(int code, string message)
    {
        Environment.Error.WriteLine($"error: {message}");
        return code;
    }
}

/// <summary>What a command's work needs: its parsed arguments, the API and the output.</summary>
internal sealed record CommandScope(ParseResult Parse, PlatformApi Api, Output Output)
{
    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;
}
