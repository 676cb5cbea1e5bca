using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Silo;

/// <summary>Ready once a grain call reaches a silo and that silo reaches storage.</summary>
internal sealed class ClusterReadinessCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetGrain<IEventReaderGrain>(0).PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage is not reachable.", ex);
        }
    }
}
