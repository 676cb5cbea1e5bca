namespace OrleansPlatform.Cli;

// A named entry point rather than top-level statements: the tests see this assembly's internals and also
// reference the host, whose top-level Program would clash with a second one.
internal static class EntryPoint
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliEnvironment.FromProcess());
}
