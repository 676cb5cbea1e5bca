using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansPlatform.Silo;

/// <summary>
/// Waits, while the host is being built, for a PostgreSQL that is not reachable yet (bounded by
/// <see cref="PlatformOptions.DatabaseStartupTimeout"/>), so a cluster started before its database comes up on its
/// own; fails at once when the server answers with a refusal that waiting cannot cure, such as a wrong password or an
/// unknown database. It runs before the host exists because Orleans starts its silo ahead of every hosted service.
/// </summary>
internal sealed partial class DatabaseStartupGate(string connectionString, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    public async Task WaitUntilReachableAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Describe(connectionString);
        var deadline = time.GetUtcNow() + timeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (!IsWorthWaitingFor(ex))
            {
                throw new PlatformStartupException(
                    $"PostgreSQL at {target} refused the connection: {ex.MessageText} ({ex.SqlState}). Check ConnectionStrings:Postgres.", ex);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    throw new PlatformStartupException(
                        $"PostgreSQL at {target} is unreachable after {timeout.TotalSeconds:0} s ({Reason(ex)}). " +
                        "Start the database or fix ConnectionStrings:Postgres; Platform:DatabaseStartupTimeout sets how long to wait.", ex);
                }

                LogWaiting(logger, target, attempt, Reason(ex), left);
                await Task.Delay(left < RetryInterval ? left : RetryInterval, time, cancellationToken);
            }
        }
    }

    // The server is up but still starting or recovering: those clear by themselves; anything else it says will not.
    private static bool IsWorthWaitingFor(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown;

    private static string Reason(Exception ex) => (ex.InnerException as SocketException)?.SocketErrorCode.ToString() ?? ex.Message;

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL at {Target} is not reachable yet (attempt {Attempt}: {Reason}); retrying for up to {Left} more")]
    private static partial void LogWaiting(ILogger logger, string target, int attempt, string reason, TimeSpan left);
}
