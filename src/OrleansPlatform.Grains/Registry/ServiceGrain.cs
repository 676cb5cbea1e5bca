using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Contracts.Registry.Balancing;

namespace OrleansPlatform.Grains.Registry;

/// <summary>
/// One service of the registry, journaled in <c>$service:{name}</c> (its audit trail, never compacted). Writes
/// (register, deregister, policy, and the sweep's health transitions and reaps) are ordinary grain turns; reads,
/// heartbeats and resolves interleave with them, so a slow health check never holds a resolve up. Heartbeats, check
/// results and balancing state live in memory only.
/// </summary>
public sealed partial class ServiceGrain : LogBackedGrain<ServiceState>, IServiceGrain, IRemindable
{
    private const string KeepAliveReminder = "registry-keep-alive";
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private readonly RegistryOptions _options;
    private readonly HealthProbe _probe;
    private readonly ILogger<ServiceGrain> _logger;
    private readonly HealthTracker _health;
    private readonly InstanceBalancer _balancer = new(Random.Shared);
    private TaskCompletionSource _changed = NewSignal();
    private IGrainTimer? _sweep;

    public ServiceGrain(JournalServices journal, IOptions<RegistryOptions> options, HealthProbe probe, ILogger<ServiceGrain> logger)
        : base(journal)
    {
        _options = options.Value;
        _probe = probe;
        _logger = logger;
        _health = new HealthTracker(journal.Time, _options.FailuresToEject, _options.PassesToRestore);
    }

    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$service:{Name}";

    protected override int? SnapshotThreshold => 200;

    protected override object CreateSnapshot() => new ServiceSnapshot(State.Instances.ToList(), State.Policy);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        SyncHealth();
        StartOrStopSweep();
    }

    public async Task<bool> RegisterAsync(string instanceId, ServiceRegistration registration)
    {
        RegistryRules.EnsureNames(Name, instanceId);
        RegistryRules.EnsureValid(registration);
        registration = registration with { Metadata = registration.Metadata ?? new Dictionary<string, string>(), Tags = registration.Tags ?? [] };
        var known = State.Find(instanceId);
        if (known is null || !RegistrationComparer.Same(known.Registration, registration))
        {
            (await JournalAsync([new ServiceInstanceRegistered(instanceId, registration)]))
                .EnsureCommitted($"Service '{Name}' changed concurrently; retry.");
            LogRegistered(_logger, Name, instanceId, registration.Address, known is null);
        }

        var instance = State.Find(instanceId)!;
        _health.Track(instanceId, registration.Ttl, registration.HealthCheck, instance.Status);
        StartOrStopSweep();
        await EnsureRemindedAsync();
        // Every registration repairs the listing, in case an earlier one committed but failed to list the service.
        await GrainFactory.GetGrain<IServiceDirectoryGrain>(0).AddAsync(Name);
        return known is null;
    }

    public Task<bool> HeartbeatAsync(string instanceId) => Task.FromResult(_health.Heartbeat(instanceId));

    public async Task<bool> DeregisterAsync(string instanceId)
    {
        RegistryRules.EnsureNames(Name, instanceId);
        if (State.Find(instanceId) is null)
        {
            return false;
        }

        (await JournalAsync([new ServiceInstanceDeregistered(instanceId, "deregistered")]))
            .EnsureCommitted($"Service '{Name}' changed concurrently; retry.");
        Forget(instanceId);
        LogDeregistered(_logger, Name, instanceId, "deregistered");
        StartOrStopSweep();
        return true;
    }

    public async Task<bool> PutPolicyAsync(ServicePolicy policy)
    {
        RegistryRules.EnsureNames(Name);
        RegistryRules.EnsureValid(policy);
        if (policy.Equals(State.Policy))
        {
            return false;
        }

        (await JournalAsync([new ServicePolicyChanged(policy)])).EnsureCommitted($"Service '{Name}' changed concurrently; retry.");
        await GrainFactory.GetGrain<IServiceDirectoryGrain>(0).AddAsync(Name);
        return true;
    }

    public Task<ServiceView> GetAsync() => Task.FromResult(View());

    public async Task<ServiceView> WaitForChangeAsync(long afterIndex, TimeSpan wait)
    {
        var deadline = Time.GetUtcNow() + (wait > MaxWait ? MaxWait : wait);
        while (Version <= afterIndex && Time.GetUtcNow() < deadline)
        {
            using var stop = new CancellationTokenSource();
            var changed = _changed.Task;
            var left = deadline - Time.GetUtcNow();
            await Task.WhenAny(changed, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, Time, stop.Token));
            await stop.CancelAsync();
        }

        return View();
    }

    public Task<ResolvedInstance> ResolveAsync(BalancingStrategy? strategy, string? key)
    {
        var healthy = State.Instances.Where(i => i.Status == InstanceStatus.Healthy && i.EjectedUntil is null).ToList();
        if (healthy.Count == 0)
        {
            throw new NoHealthyInstanceException(Name, State.Instances.Count);
        }

        var candidates = healthy.Select(i => new Candidate(i.InstanceId, i.Registration.Weight)).ToList();
        // The policy's strategy is only a default: consistent hashing without a key falls back to round robin.
        var byPolicy = State.Policy?.LoadBalancing is { } p && (p != BalancingStrategy.ConsistentHash || key is not null) ? p : BalancingStrategy.RoundRobin;
        var chosen = healthy[_balancer.Pick(strategy ?? byPolicy, candidates, key)];
        return Task.FromResult(new ResolvedInstance(chosen.InstanceId, chosen.Registration.Address, chosen.Registration.Weight,
            chosen.Registration.Metadata ?? new Dictionary<string, string>()));
    }

    public Task ReportInFlightAsync(string caller, string instanceId, int inFlight)
    {
        if (State.Find(instanceId) is not null)
        {
            _balancer.InFlight.Report(caller, instanceId, inFlight);
        }

        return Task.CompletedTask;
    }

    public async Task<DateTimeOffset?> EjectAsync(string instanceId, string reason)
    {
        var ejection = State.Policy?.OutlierEjection ?? PolicyOutlierEjection.Default;
        var instance = State.Find(instanceId);
        var ejectedNow = State.Instances.Count(i => i.EjectedUntil is not null);
        if (instance is not { Status: InstanceStatus.Healthy, EjectedUntil: null } || ejectedNow + 1 > ejection.MaxEjected(State.Instances.Count))
        {
            return null;
        }

        var until = Time.GetUtcNow() + ejection.EjectionTime(instance.Ejections + 1);
        (await JournalAsync([new ServiceInstanceEjected(instanceId, until, instance.Ejections + 1, reason)]))
            .EnsureCommitted($"Service '{Name}' changed concurrently; retry.");
        LogEjected(_logger, Name, instanceId, until, reason);
        return until;
    }

    /// <summary>
    /// The reminder only brings the service back after a restart, so its ttl and checks run without waiting for a
    /// call; once the service has no instances left it is not needed and removes itself.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Instances.Count == 0 && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    protected override Task OnCommittedAsync(long firstVersion)
    {
        var signal = _changed;
        _changed = NewSignal();
        signal.TrySetResult();
        return Task.CompletedTask;
    }

    private ServiceView View() => new(Name, Version, State.Policy, State.Instances.Select(i => new ServiceInstanceInfo(
        i.InstanceId, i.Registration.Address, i.Status, i.Registration.Weight, i.Registration.Metadata ?? new Dictionary<string, string>(),
        i.Registration.Tags ?? [], _health.LastHeartbeat(i.InstanceId), i.Registration.HealthCheck, i.Registration.Ttl, i.EjectedUntil)).ToList());

    /// <summary>
    /// One sweep: run the due health checks, then journal the health transitions and reaps they and the ttl call for.
    /// A failed write is simply tried again by the next sweep, which finds the same differences.
    /// </summary>
    private async Task SweepAsync()
    {
        SyncHealth();
        var due = _health.TakeDueChecks();
        if (due.Count > 0)
        {
            var addresses = due.Select(d => State.Find(d.InstanceId)?.Registration.Address).ToList();
            var results = await Task.WhenAll(due.Select((d, i) => addresses[i] is { } address
                ? _probe.CheckAsync(address, d.Check, _options.DefaultCheckTimeout)
                : Task.FromResult(false)));
            for (var i = 0; i < due.Count; i++)
            {
                _health.RecordCheck(due[i].InstanceId, results[i]);
            }
        }

        var changes = _health.Evaluate(id => State.Find(id)?.Status);
        var recovering = changes.Where(c => c.Status == InstanceStatus.Healthy).Select(c => c.InstanceId).ToHashSet(StringComparer.Ordinal);
        var now = Time.GetUtcNow();
        var reaped = State.Instances
            .Where(i => i.Status == InstanceStatus.Unhealthy && i.UnhealthySince + _options.ReapAfter <= now && !recovering.Contains(i.InstanceId))
            .Select(i => i.InstanceId)
            .ToList();
        var returning = State.Instances.Where(i => i.EjectedUntil <= now && !reaped.Contains(i.InstanceId)).Select(i => i.InstanceId).ToList();
        var events = changes.Where(c => !reaped.Contains(c.InstanceId))
            .Select(c => (object)new ServiceInstanceHealthChanged(c.InstanceId, c.Status, c.Reason))
            .Concat(returning.Select(id => new ServiceInstanceEjectionEnded(id)))
            .Concat(reaped.Select(id => new ServiceInstanceDeregistered(id, "reaped")))
            .ToList();
        if (events.Count == 0)
        {
            return;
        }

        var outcome = await JournalAsync(events);
        if (!outcome.Committed)
        {
            LogSweepNotWritten(_logger, outcome.Error, Name, outcome.Status);
            return;
        }

        foreach (var change in changes)
        {
            LogHealthChanged(_logger, Name, change.InstanceId, change.Status, change.Reason);
        }

        foreach (var id in reaped)
        {
            Forget(id);
            LogDeregistered(_logger, Name, id, "reaped");
        }

        StartOrStopSweep();
    }

    /// <summary>Tracks exactly the journal's instances (after activation, or a re-read after a write fault).</summary>
    private void SyncHealth()
    {
        foreach (var instance in State.Instances)
        {
            if (_health.LastHeartbeat(instance.InstanceId) is null)
            {
                _health.Track(instance.InstanceId, instance.Registration.Ttl, instance.Registration.HealthCheck, instance.Status);
            }
        }

        foreach (var gone in _health.Tracked.Where(id => State.Find(id) is null).ToList())
        {
            Forget(gone);
        }
    }

    private void Forget(string instanceId)
    {
        _health.Forget(instanceId);
        _balancer.InFlight.Forget(instanceId);
    }

    /// <summary>The sweep runs (and keeps the grain active) while the service has instances.</summary>
    private void StartOrStopSweep()
    {
        if (State.Instances.Count > 0)
        {
            _sweep ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(_options.SweepInterval, _options.SweepInterval) { KeepAlive = true });
        }
        else if (_sweep is not null)
        {
            _sweep.Dispose();
            _sweep = null;
        }
    }

    private async Task EnsureRemindedAsync()
    {
        if (State.Instances.Count == 1)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service}: instance {InstanceId} registered at {Address} (new: {Created})")]
    private static partial void LogRegistered(ILogger logger, string service, string instanceId, string address, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service}: instance {InstanceId} removed ({Reason})")]
    private static partial void LogDeregistered(ILogger logger, string service, string instanceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service}: instance {InstanceId} is {Status} ({Reason})")]
    private static partial void LogHealthChanged(ILogger logger, string service, string instanceId, InstanceStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: instance {InstanceId} ejected until {Until} ({Reason})")]
    private static partial void LogEjected(ILogger logger, string service, string instanceId, DateTimeOffset until, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: health transitions were not written ({Status}); the next sweep tries again")]
    private static partial void LogSweepNotWritten(ILogger logger, Exception? exception, string service, JournalStatus status);
}
