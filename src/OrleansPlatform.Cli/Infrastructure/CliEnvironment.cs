namespace OrleansPlatform.Cli;

/// <summary>
/// What a run of the tool talks to: its output streams, environment variables and, in tests, the HTTP handler
/// that reaches an in-process host instead of a socket.
/// </summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, HttpMessageHandler? Handler = null)
{
    public static CliEnvironment FromProcess() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
