using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Client;

/// <summary>
/// Keeps this process's registrations alive: a heartbeat every third of each instance's ttl (registering it again
/// when the registry no longer knows it, e.g. after it was reaped), and deregistration of every instance when the
/// host stops. Registered after the Orleans client, so it stops first, while the cluster is still reachable.
/// </summary>
internal sealed partial class RegistrationKeeper(IClusterClient cluster, TimeProvider time, ILogger<RegistrationKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan IdleTick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DeregisterBudget = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Service, string InstanceId), Kept> _kept = new();

    public void Keep(string service, string instanceId, ServiceRegistration registration) =>
        _kept[(service, instanceId)] = new Kept(registration, time.GetUtcNow());

    public void Release(string service, string instanceId) => _kept.TryRemove((service, instanceId), out _);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(DeregisterBudget);
        var leaving = _kept.Keys.ToList();
        _kept.Clear();
        try
        {
            await Task.WhenAll(leaving.Select(k => cluster.GetGrain<IServiceGrain>(k.Service).DeregisterAsync(k.InstanceId).WaitAsync(budget.Token)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The registry reaps what could not be deregistered once its ttl passes.
            LogDeregisterFailed(logger, ex, leaving.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            foreach (var (key, kept) in _kept)
            {
                if (kept.Registration.Ttl is { } ttl && now - kept.LastSent >= ttl / 3)
                {
                    await HeartbeatAsync(key.Service, key.InstanceId, kept, stoppingToken);
                }
            }

            try
            {
                await Task.Delay(NextTick(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task HeartbeatAsync(string service, string instanceId, Kept kept, CancellationToken stoppingToken)
    {
        try
        {
            var grain = cluster.GetGrain<IServiceGrain>(service);
            if (!await grain.HeartbeatAsync(instanceId).WaitAsync(stoppingToken))
            {
                await grain.RegisterAsync(instanceId, kept.Registration).WaitAsync(stoppingToken);
                LogRegisteredAgain(logger, service, instanceId);
            }

            // Released meanwhile: do not bring it back.
            _kept.TryUpdate((service, instanceId), kept with { LastSent = time.GetUtcNow() }, kept);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The next tick tries again; the ttl leaves room for a few missed heartbeats.
            LogHeartbeatFailed(logger, ex, service, instanceId);
        }
    }

    private TimeSpan NextTick()
    {
        var shortest = _kept.Values.Select(k => k.Registration.Ttl).Where(t => t is not null).Select(t => t!.Value / 3).DefaultIfEmpty(IdleTick).Min();
        return shortest < MinTick ? MinTick : shortest > IdleTick ? IdleTick : shortest;
    }

    private sealed record Kept(ServiceRegistration Registration, DateTimeOffset LastSent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of {Service}/{InstanceId} failed; retrying on the next tick")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string service, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The registry no longer knew {Service}/{InstanceId}; registered it again")]
    private static partial void LogRegisteredAgain(ILogger logger, string service, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deregistering {Count} instances on shutdown failed; the registry reaps them after their ttl")]
    private static partial void LogDeregisterFailed(ILogger logger, Exception exception, int count);
}
