using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// This gateway's cached views of the services called through it. The first call to a service reads it from the
/// registry; from then on a watch (<see cref="IServiceGrain.WaitForChangeAsync"/>) follows its changes, so calls
/// never wait on a grain. A second loop reports the mesh's in-flight counts to the registry, for resolves elsewhere.
/// </summary>
internal sealed partial class MeshCatalog(IGrainFactory grains, IOptions<MeshOptions> options, TimeProvider time, ILogger<MeshCatalog> logger)
    : BackgroundService
{
    // Below the grain call timeout: a long watch is made of several calls.
    private static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WatchRetryPause = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, MeshService> _services = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<MeshService>> _loading = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    public ValueTask<MeshService> GetAsync(string service) =>
        _services.TryGetValue(service, out var known) ? ValueTask.FromResult(known.Touch()) : new ValueTask<MeshService>(LoadAsync(service));

    /// <summary>Whether this gateway holds a view of <paramref name="service"/> (tests).</summary>
    internal bool Holds(string service) => _services.ContainsKey(service);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stop.Dispose();
        foreach (var service in _services.Values)
        {
            service.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Reports in-flight counts that changed since the last report.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InFlightReportInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ForgetIdle();
                foreach (var service in _services.Values)
                {
                    foreach (var instance in service.Instances)
                    {
                        var now = instance.InFlight;
                        if (now != instance.ReportedInFlight)
                        {
                            instance.ReportedInFlight = now;
                            await ReportAsync(service.Name, instance.Id, now);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Drops the views (and watches) of services not called for <see cref="MeshOptions.ForgetIdleAfter"/>; a later call reads them afresh.</summary>
    private void ForgetIdle()
    {
        foreach (var (name, service) in _services)
        {
            if (service.IdleFor > options.Value.ForgetIdleAfter && _services.TryRemove(new KeyValuePair<string, MeshService>(name, service)))
            {
                service.Watch.Cancel();
                service.Dispose();
            }
        }
    }

    private async Task ReportAsync(string service, string instanceId, int inFlight)
    {
        try
        {
            await grains.GetGrain<IServiceGrain>(service).ReportInFlightAsync(MeshService.Reporter, instanceId, inFlight);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Counts are absolute, so the next change reports the truth again.
            LogReportFailed(logger, e, service);
        }
    }

    private Task<MeshService> LoadAsync(string service) => _loading.GetOrAdd(service, async name =>
    {
        try
        {
            var grain = grains.GetGrain<IServiceGrain>(name);
            var view = await grain.GetAsync();
            if (view.Index == 0)
            {
                // Never registered: answered (503) without keeping a view or a watch, so made-up names cost nothing lasting.
                return new MeshService(view, grain, options.Value, time, logger);
            }

            var created = new MeshService(view, grain, options.Value, time, logger).Touch();
            var winner = _services.GetOrAdd(name, created);
            if (winner != created)
            {
                created.Dispose();
                return winner;
            }

            var watch = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, created.Watch.Token);
            _ = Task.Run(async () =>
            {
                using (watch)
                {
                    await WatchAsync(created, grain, watch.Token);
                }
            });
            return created;
        }
        finally
        {
            _loading.TryRemove(name, out _);
        }
    });

    private async Task WatchAsync(MeshService service, IServiceGrain grain, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var view = await grain.WaitForChangeAsync(service.View.Index, WatchSlice).WaitAsync(stop);
                if (view.Index != service.View.Index)
                {
                    service.Apply(view);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The cached view stays as it was (calls go on) until the registry answers again.
                LogWatchFailed(logger, e, service.Name);
                try
                {
                    await Task.Delay(WatchRetryPause, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mesh: watching service {Service} failed; retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mesh: reporting in-flight counts of {Service} failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string service);
}
