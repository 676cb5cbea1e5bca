using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Contracts.Registry.Balancing;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// The mesh's cached view of one service, kept current by <see cref="MeshCatalog"/> following the registry's
/// changes, so a call picks an instance without a grain call. Picks go through the registry's own
/// <see cref="InstanceBalancer"/> (the same strategies as resolve) under a lock, with this gateway's in-flight counts.
/// </summary>
internal sealed partial class MeshService : IDisposable
{
    private readonly Lock _gate = new();
    private readonly InstanceBalancer _balancer = new(Random.Shared);
    private readonly MeshOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceGrain _grain;
    private readonly ILogger _logger;
    private MeshInstance[] _instances = [];
    private long _lastUsed;

    public MeshService(ServiceView view, IServiceGrain grain, MeshOptions options, TimeProvider time, ILogger logger)
    {
        (_grain, _options, _time, _logger) = (grain, options, time, logger);
        Name = view.Service;
        Settings = new MeshSettings(view.Policy, options, time);
        View = view;
        Apply(view);
    }

    /// <summary>Who this gateway reports its in-flight counts as.</summary>
    public static string Reporter { get; } = $"mesh:{Environment.MachineName}:{Environment.ProcessId}";

    public string Name { get; }

    /// <summary>Stops this service's watch when the catalog forgets it.</summary>
    public CancellationTokenSource Watch { get; } = new();

    /// <summary>Marks a call, so a service still in use is never forgotten.</summary>
    public MeshService Touch()
    {
        Volatile.Write(ref _lastUsed, _time.GetTimestamp());
        return this;
    }

    public TimeSpan IdleFor => _time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public ServiceView View { get; private set; }

    public MeshSettings Settings { get; private set; }

    public IReadOnlyList<MeshInstance> Instances => Volatile.Read(ref _instances);

    public void Apply(ServiceView view)
    {
        lock (_gate)
        {
            var settings = Settings;
            if (!Equals(view.Policy, settings.Policy))
            {
                settings = new MeshSettings(view.Policy, _options, _time);
            }

            var known = _instances.ToDictionary(i => i.Id, StringComparer.Ordinal);
            var next = new MeshInstance[view.Instances.Count];
            for (var n = 0; n < next.Length; n++)
            {
                var info = view.Instances[n];
                if (settings == Settings && known.Remove(info.InstanceId, out var same) && same.Address == info.Address)
                {
                    same.Update(info);
                    next[n] = same;
                }
                else
                {
                    next[n] = new MeshInstance(info);
                    next[n].Pipeline = settings.BuildInstancePipeline(next[n]);
                }
            }

            foreach (var gone in _instances.Except(next))
            {
                _balancer.InFlight.Forget(gone.Id);
            }

            if (settings != Settings)
            {
                Settings.Dispose();
                Settings = settings;
            }

            Volatile.Write(ref _instances, next);
            View = view;
        }
    }

    /// <summary>
    /// Picks an instance for <paramref name="call"/>'s next attempt: healthy, not ejected, breaker not open, preferring
    /// one this call has not tried. Null with the refusal when there is none.
    /// </summary>
    public MeshInstance? Pick(MeshCall call, out MeshRefusedException? refusal)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var eligible = 0;
            List<MeshInstance> fresh = [];
            foreach (var instance in _instances)
            {
                if (!instance.Healthy || instance.IsEjected(now))
                {
                    continue;
                }

                eligible++;
                if (!instance.IsBreaking(now))
                {
                    fresh.Add(instance);
                }
            }

            if (fresh.Count == 0)
            {
                refusal = eligible == 0 ? MeshRefusedException.NoInstance(Name, _instances.Length) : MeshRefusedException.Open(Name);
                return null;
            }

            if (call.Tried is { } tried && fresh.Any(i => !tried.Contains(i.Id)))
            {
                fresh.RemoveAll(i => tried.Contains(i.Id));
            }

            var strategy = Settings.Strategy == BalancingStrategy.ConsistentHash && call.HashKey is null ? BalancingStrategy.RoundRobin : Settings.Strategy;
            var chosen = fresh[_balancer.Pick(strategy, fresh.ConvertAll(i => i.Candidate), call.HashKey)];
            chosen.InFlight++;
            _balancer.InFlight.Report(Reporter, chosen.Id, chosen.InFlight);
            refusal = null;
            return chosen;
        }
    }

    public void Release(MeshInstance instance)
    {
        lock (_gate)
        {
            instance.InFlight--;
            _balancer.InFlight.Report(Reporter, instance.Id, instance.InFlight);
        }
    }

    /// <summary>Counts an attempt's result toward outlier ejection; the registry grain decides (and caps) the ejection.</summary>
    public void Record(MeshInstance instance, bool failed)
    {
        if (!failed)
        {
            instance.Succeeded();
        }
        else if (Settings.Ejection is { MaxEjectionPercent: > 0 } ejection && instance.FailedAndDue(ejection.ConsecutiveFailures))
        {
            _ = EjectAsync(instance, ejection.ConsecutiveFailures);
        }
    }

    public void Dispose()
    {
        Watch.Dispose();
        Settings.Dispose();
    }

    private async Task EjectAsync(MeshInstance instance, int failures)
    {
        try
        {
            if (await _grain.EjectAsync(instance.Id, $"{failures} consecutive failures through the mesh") is { } until)
            {
                instance.EjectUntil(until);
                MeshTelemetry.Ejected(Name, instance.Id);
                LogEjected(_logger, Name, instance.Id, until);
            }
        }
        catch (Exception e)
        {
            // The next run of failures asks again; until then the instance's breaker still guards it.
            LogEjectFailed(_logger, e, Name, instance.Id);
        }
        finally
        {
            instance.EjectionSettled();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mesh: instance {InstanceId} of {Service} ejected until {Until}")]
    private static partial void LogEjected(ILogger logger, string service, string instanceId, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mesh: could not eject instance {InstanceId} of {Service}")]
    private static partial void LogEjectFailed(ILogger logger, Exception exception, string service, string instanceId);
}
