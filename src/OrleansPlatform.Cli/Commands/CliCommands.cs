using System.CommandLine;

namespace OrleansPlatform.Cli.Commands;

/// <summary>The command groups beyond status and streams.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> Extra(CliRuntime runtime) =>
    [
        FeedCommands.Build(runtime),
        TopicCommands.Build(runtime),
        SubscriptionCommands.Build(runtime),
        SagaCommands.Build(runtime),
        ServiceCommands.Build(runtime),
        ProjectionCommands.Build(runtime),
        VerifyCommands.Build(runtime),
        StreamLifecycleCommands.Retention(runtime),
    ];
}
