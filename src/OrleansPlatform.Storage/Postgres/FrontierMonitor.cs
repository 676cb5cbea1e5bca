using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// Reads the feed frontier's lag every <see cref="FrontierOptions.PollInterval"/>, for the metrics, readiness and a
/// warning. The frontier is instance-wide: a session idle in a transaction, or a forgotten prepared transaction, in
/// any database of the server holds back the feed, live feeds and forwarders of every silo, and nothing else says so.
/// </summary>
public sealed partial class FrontierMonitor(
    NpgsqlDataSource dataSource,
    IOptions<FrontierOptions> options,
    ILogger<FrontierMonitor> logger,
    TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan WarningEvery = TimeSpan.FromMinutes(1);

    private readonly PostgresPositions _positions = new(dataSource);
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    /// <summary>The latest reading, or null before the first one (or while the database cannot be read).</summary>
    public FrontierStatus? Latest { get; private set; }

    /// <summary>True when the frontier has been held back for at least <see cref="FrontierOptions.WarnAfter"/>.</summary>
    public bool IsHeldBack(FrontierStatus status) => status.LagSeconds >= options.Value.WarnAfter.TotalSeconds;

    /// <summary>Reads the frontier once, records it and warns (rate-limited) when it is held back.</summary>
    public async Task<FrontierStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var status = await _positions.ReadFrontierAsync(cancellationToken);
        Latest = status;
        var now = time.GetUtcNow();
        if (IsHeldBack(status) && now - _lastWarning >= WarningEvery)
        {
            _lastWarning = now;
            var blocking = status.Blocking!;
            LogHeldBack(logger, status.LagSeconds, blocking.Pid, blocking.PreparedId, blocking.State, blocking.Database, blocking.Application);
        }

        return status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var registration = FrontierTelemetry.Register(this, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "");
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await ProbeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Storage outages are reported by the readiness check and the appenders; here they only mean no reading.
                Latest = null;
                LogProbeFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The global feed has been held back for {Seconds:0} s by the oldest running transaction (pid {Pid}, prepared {PreparedId}, state {State}, database {Database}, application {Application}); feed readers, live feeds and forwarders on every silo wait for it. End it, or set idle_in_transaction_session_timeout for the role that opened it.")]
    private static partial void LogHeldBack(ILogger logger, double seconds, int? pid, string? preparedId, string state, string? database, string? application);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the feed frontier: {Reason}")]
    private static partial void LogProbeFailed(ILogger logger, string reason);
}
