using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Registry;

/// <summary>Journal event: an instance registered, or changed its registration.</summary>
[EventType("ServiceInstanceRegistered.v1")]
internal sealed record ServiceInstanceRegistered(string InstanceId, ServiceRegistration Registration);

/// <summary>Journal event: an instance left; <c>Reason</c> is <c>deregistered</c> or <c>reaped</c>.</summary>
[EventType("ServiceInstanceDeregistered.v1")]
internal sealed record ServiceInstanceDeregistered(string InstanceId, string Reason);

/// <summary>Journal event: an instance turned healthy or unhealthy, and why.</summary>
[EventType("ServiceInstanceHealthChanged.v1")]
internal sealed record ServiceInstanceHealthChanged(string InstanceId, InstanceStatus Status, string Reason);

/// <summary>Journal event: the mesh ejected an instance (passive outlier ejection) until <c>Until</c>, its <c>Ejections</c>-th time.</summary>
[EventType("ServiceInstanceEjected.v1")]
internal sealed record ServiceInstanceEjected(string InstanceId, DateTimeOffset Until, int Ejections, string Reason);

/// <summary>Journal event: an ejection ended and the instance takes traffic again.</summary>
[EventType("ServiceInstanceEjectionEnded.v1")]
internal sealed record ServiceInstanceEjectionEnded(string InstanceId);

/// <summary>Journal event: the service's policy was set.</summary>
[EventType("ServicePolicyChanged.v1")]
internal sealed record ServicePolicyChanged(ServicePolicy Policy);

/// <summary>The whole state as one entry, for snapshots.</summary>
[EventType("ServiceSnapshot.v1")]
internal sealed record ServiceSnapshot(IReadOnlyList<RegisteredInstance> Instances, ServicePolicy? Policy);

/// <summary>One instance as the journal knows it.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="Registration">What it registered.</param>
/// <param name="Status">Its status as last journaled.</param>
/// <param name="UnhealthySince">When it last turned unhealthy (the journal entry's time), so reaping survives restarts.</param>
/// <param name="EjectedUntil">The end of its current outlier ejection, if any.</param>
/// <param name="Ejections">How often it was ejected since it registered (the next ejection lasts longer).</param>
public sealed record RegisteredInstance(
    string InstanceId, ServiceRegistration Registration, InstanceStatus Status, DateTimeOffset? UnhealthySince,
    DateTimeOffset? EjectedUntil = null, int Ejections = 0);

/// <summary>A service's instances and policy, folded from its journal.</summary>
public sealed class ServiceState : IJournalState
{
    private readonly SortedDictionary<string, RegisteredInstance> _instances = new(StringComparer.Ordinal);

    public IReadOnlyCollection<RegisteredInstance> Instances => _instances.Values;

    public ServicePolicy? Policy { get; private set; }

    public RegisteredInstance? Find(string instanceId) => _instances.GetValueOrDefault(instanceId);

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case ServiceInstanceRegistered e:
                _instances[e.InstanceId] = _instances.TryGetValue(e.InstanceId, out var known)
                    ? known with { Registration = e.Registration }
                    : new RegisteredInstance(e.InstanceId, e.Registration, InstanceStatus.Healthy, null);
                break;
            case ServiceInstanceDeregistered e:
                _instances.Remove(e.InstanceId);
                break;
            case ServiceInstanceHealthChanged e when _instances.TryGetValue(e.InstanceId, out var instance):
                _instances[e.InstanceId] = instance with
                {
                    Status = e.Status,
                    UnhealthySince = e.Status == InstanceStatus.Unhealthy ? entry.Timestamp : null,
                };
                break;
            case ServiceInstanceEjected e when _instances.TryGetValue(e.InstanceId, out var ejected):
                _instances[e.InstanceId] = ejected with { EjectedUntil = e.Until, Ejections = e.Ejections };
                break;
            case ServiceInstanceEjectionEnded e when _instances.TryGetValue(e.InstanceId, out var back):
                _instances[e.InstanceId] = back with { EjectedUntil = null };
                break;
            case ServicePolicyChanged e:
                Policy = e.Policy;
                break;
            case ServiceSnapshot s:
                _instances.Clear();
                foreach (var instance in s.Instances)
                {
                    _instances[instance.InstanceId] = instance;
                }

                Policy = s.Policy;
                break;
        }
    }
}
