using System.Reflection;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OrleansPlatform.Silo;

namespace OrleansPlatform.Startup;

/// <summary>
/// Turns the start-up failures an operator can fix (a bad setting, a port in use, a database that cannot be reached)
/// into one line naming the setting and the remedy, instead of an unhandled-exception stack trace.
/// </summary>
internal static class StartupFailure
{
    public const string Prefix = "Start-up failed: ";

    /// <summary>
    /// True when <paramref name="exception"/> is one we can explain. Hosts built by test tools (WebApplicationFactory)
    /// keep the exception, so their callers can still catch and assert on it.
    /// </summary>
    public static bool TryExplain(Exception exception, out string line)
    {
        line = "";
        if (HostedByTestTool())
        {
            return false;
        }

        foreach (var candidate in Flatten(exception))
        {
            var explanation = candidate switch
            {
                PlatformStartupException startup => startup.Message,
                OptionsValidationException invalid => string.Join(" ", invalid.Failures),
                IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } io =>
                    $"{io.Message} Choose a free address with --urls or ASPNETCORE_URLS.",
                _ => null,
            };
            if (explanation is not null)
            {
                line = Prefix + explanation.ReplaceLineEndings(" ");
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        IEnumerable<Exception> inner = exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions,
            { InnerException: { } single } => [single],
            _ => [],
        };
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    // WebApplicationFactory runs this Program inside the test runner's process, whose entry assembly is not ours.
    private static bool HostedByTestTool() => Assembly.GetEntryAssembly() != typeof(StartupFailure).Assembly;
}
