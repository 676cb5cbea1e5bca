using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Grains.Registry;

/// <summary>A health transition the tracker wants journaled.</summary>
internal sealed record HealthChange(string InstanceId, InstanceStatus Status, string Reason);

/// <summary>
/// The in-memory health signals of a service's instances, kept apart from the grain so they run on a fake clock in
/// tests. Two signals: heartbeats (an instance with a ttl is down once a ttl passes without one, and back after
/// <c>passesToRestore</c> heartbeats in a row, each within a ttl of the last) and active checks (down after
/// <c>failuresToEject</c> consecutive failures, back after <c>passesToRestore</c> consecutive passes). An instance is
/// healthy when neither signal is down. Nothing here is durable: after a restart every instance gets a fresh ttl.
/// </summary>
internal sealed class HealthTracker(TimeProvider time, int failuresToEject, int passesToRestore)
{
    private readonly Dictionary<string, Signals> _instances = new(StringComparer.Ordinal);

    public IEnumerable<string> Tracked => _instances.Keys;

    /// <summary>
    /// Starts (or updates) tracking; registering counts as a heartbeat. An instance the journal says is unhealthy
    /// starts with its signals down, so it needs its passes to come back.
    /// </summary>
    public void Track(string instanceId, TimeSpan? ttl, HealthCheckSettings? check, InstanceStatus status)
    {
        var now = time.GetUtcNow();
        if (!_instances.TryGetValue(instanceId, out var signals))
        {
            signals = new Signals { NextCheck = now };
            var down = status == InstanceStatus.Unhealthy;
            signals.TtlDown = down && ttl is not null;
            signals.CheckDown = down && check is not null;
            _instances[instanceId] = signals;
        }

        signals.Ttl = ttl;
        signals.Check = check;
        signals.LastHeartbeat = now;
        // A signal the instance no longer declares cannot hold it down.
        signals.TtlDown &= ttl is not null;
        signals.CheckDown &= check is not null;
    }

    public void Forget(string instanceId) => _instances.Remove(instanceId);

    /// <summary>Records a heartbeat; false when the instance is not tracked.</summary>
    public bool Heartbeat(string instanceId)
    {
        if (!_instances.TryGetValue(instanceId, out var signals))
        {
            return false;
        }

        signals.LastHeartbeat = time.GetUtcNow();
        if (signals.TtlDown && ++signals.HeartbeatPasses >= passesToRestore)
        {
            signals.TtlDown = false;
            signals.HeartbeatPasses = 0;
        }

        return true;
    }

    public DateTimeOffset? LastHeartbeat(string instanceId) => _instances.TryGetValue(instanceId, out var s) ? s.LastHeartbeat : null;

    /// <summary>The instances whose health check is due now, with their checks; each is scheduled for its next interval.</summary>
    public IReadOnlyList<(string InstanceId, HealthCheckSettings Check)> TakeDueChecks()
    {
        var now = time.GetUtcNow();
        var due = new List<(string, HealthCheckSettings)>();
        foreach (var (id, signals) in _instances)
        {
            if (signals.Check is { } check && signals.NextCheck <= now)
            {
                signals.NextCheck = now + check.Interval;
                due.Add((id, check));
            }
        }

        return due;
    }

    /// <summary>Records one health check's result.</summary>
    public void RecordCheck(string instanceId, bool passed)
    {
        if (!_instances.TryGetValue(instanceId, out var signals))
        {
            return;
        }

        if (passed)
        {
            signals.CheckFailures = 0;
            if (signals.CheckDown && ++signals.CheckPasses >= passesToRestore)
            {
                signals.CheckDown = false;
                signals.CheckPasses = 0;
            }
        }
        else
        {
            signals.CheckPasses = 0;
            if (!signals.CheckDown && ++signals.CheckFailures >= failuresToEject)
            {
                signals.CheckDown = true;
                signals.CheckFailures = 0;
            }
        }
    }

    /// <summary>Applies ttl expiry, then lists the instances whose status should differ from <paramref name="current"/>.</summary>
    public IReadOnlyList<HealthChange> Evaluate(Func<string, InstanceStatus?> current)
    {
        var now = time.GetUtcNow();
        var changes = new List<HealthChange>();
        foreach (var (id, signals) in _instances)
        {
            if (signals.Ttl is { } ttl && now - signals.LastHeartbeat > ttl)
            {
                // A gap in heartbeats also restarts the count of heartbeats needed to come back.
                signals.TtlDown = true;
                signals.HeartbeatPasses = 0;
            }

            var wanted = signals.TtlDown || signals.CheckDown ? InstanceStatus.Unhealthy : InstanceStatus.Healthy;
            if (current(id) is { } status && status != wanted)
            {
                changes.Add(new HealthChange(id, wanted, Reason(signals, wanted)));
            }
        }

        return changes;
    }

    private string Reason(Signals signals, InstanceStatus wanted) => wanted == InstanceStatus.Healthy
        ? "recovered"
        : signals.TtlDown ? $"no heartbeat for {signals.Ttl}" : $"health check failed {failuresToEject} times in a row";

    private sealed class Signals
    {
        public TimeSpan? Ttl { get; set; }

        public HealthCheckSettings? Check { get; set; }

        public DateTimeOffset LastHeartbeat { get; set; }

        public DateTimeOffset NextCheck { get; set; }

        public bool TtlDown { get; set; }

        public int HeartbeatPasses { get; set; }

        public bool CheckDown { get; set; }

        public int CheckFailures { get; set; }

        public int CheckPasses { get; set; }
    }
}
