using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansPlatform.Storage.Postgres;

namespace OrleansPlatform.Silo;

/// <summary>
/// Reports the feed frontier's lag and the transaction holding it in <c>/health/ready</c>'s details. A held-back
/// frontier makes the silo Degraded, not Unhealthy: appends and stream reads still work, only the feed waits.
/// </summary>
internal sealed class FrontierHealthCheck(FrontierMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (monitor.Latest is not { } status)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No reading of the feed frontier yet (or the database cannot be read)."));
        }

        var data = new Dictionary<string, object>
        {
            ["frontier"] = status.Frontier,
            ["frontierLagPositions"] = status.LagPositions,
            ["frontierLagSeconds"] = Math.Round(status.LagSeconds, 3),
        };
        if (status.Blocking is { } blocking)
        {
            var transaction = new Dictionary<string, object?>
            {
                ["pid"] = blocking.Pid,
                ["preparedId"] = blocking.PreparedId,
                ["state"] = blocking.State,
                ["ageSeconds"] = Math.Round(blocking.AgeSeconds, 3),
                ["database"] = blocking.Database,
                ["application"] = blocking.Application,
            };
            data["oldestBlockingTransaction"] = transaction.Where(x => x.Value is not null).ToDictionary(x => x.Key, x => x.Value!);
        }

        return Task.FromResult(monitor.IsHeldBack(status)
            ? HealthCheckResult.Degraded("The global feed is held back by a long-running transaction (see oldestBlockingTransaction).", data: data)
            : HealthCheckResult.Healthy("The global feed's frontier follows the newest events.", data));
    }
}
