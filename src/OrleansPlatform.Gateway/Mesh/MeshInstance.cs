using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Contracts.Registry.Balancing;
using Polly;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// One instance as the mesh sees it: its own circuit breaker and attempt timeout (a pipeline per instance, never
/// shared with another instance or service), its consecutive failures for outlier ejection, and its in-flight calls.
/// </summary>
internal sealed class MeshInstance
{
    private long _ejectedUntilTicks;
    private long _openUntilTicks;
    private int _consecutiveFailures;
    private int _ejecting;

    public MeshInstance(ServiceInstanceInfo info)
    {
        Id = info.InstanceId;
        Address = info.Address;
        Update(info);
    }

    public string Id { get; }

    public string Address { get; }

    public bool Healthy { get; private set; }

    public Candidate Candidate { get; private set; } = null!;

    /// <summary>Set once, right after construction (the breaker's callbacks need the instance).</summary>
    public ResiliencePipeline<AttemptOutcome> Pipeline { get; set; } = ResiliencePipeline<AttemptOutcome>.Empty;

    /// <summary>Calls in flight from this gateway; changed only under the service's lock.</summary>
    public int InFlight { get; set; }

    /// <summary>The count last reported to the registry.</summary>
    public int ReportedInFlight { get; set; }

    public void Update(ServiceInstanceInfo info)
    {
        Healthy = info.Status == InstanceStatus.Healthy;
        if (Candidate is null || Candidate.Weight != info.Weight)
        {
            Candidate = new Candidate(Id, info.Weight);
        }

        Interlocked.Exchange(ref _ejectedUntilTicks, info.EjectedUntil?.UtcTicks ?? 0);
    }

    public bool IsEjected(DateTimeOffset now) => Interlocked.Read(ref _ejectedUntilTicks) > now.UtcTicks;

    public void EjectUntil(DateTimeOffset until) => Interlocked.Exchange(ref _ejectedUntilTicks, until.UtcTicks);

    /// <summary>Open and still breaking: not worth an attempt. Once the break is over a call may probe it (half-open).</summary>
    public bool IsBreaking(DateTimeOffset now) => Interlocked.Read(ref _openUntilTicks) > now.UtcTicks;

    public void Opened(DateTimeOffset until) => Interlocked.Exchange(ref _openUntilTicks, until.UtcTicks);

    public void Closed() => Interlocked.Exchange(ref _openUntilTicks, 0);

    public void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    /// <summary>Counts a failure; true when it reaches <paramref name="threshold"/> and no ejection is under way yet.</summary>
    public bool FailedAndDue(int threshold) =>
        Interlocked.Increment(ref _consecutiveFailures) >= threshold && Interlocked.CompareExchange(ref _ejecting, 1, 0) == 0;

    public void EjectionSettled()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        Volatile.Write(ref _ejecting, 0);
    }
}

/// <summary>How one attempt ended: the status sent (or withheld for a retry), YARP's error, or why no attempt was made.</summary>
internal readonly record struct AttemptOutcome(int Status, Yarp.ReverseProxy.Forwarder.ForwarderError Error, bool Withheld, MeshRefusedException? Refusal)
{
    /// <summary>A failure of the instance: it could not be reached, or it answered 5xx.</summary>
    public bool InstanceFailed => Refusal is null && (Status >= 500 || Error is not (Yarp.ReverseProxy.Forwarder.ForwarderError.None
        or Yarp.ReverseProxy.Forwarder.ForwarderError.RequestCanceled or Yarp.ReverseProxy.Forwarder.ForwarderError.RequestBodyClient));

    public static AttemptOutcome Refused(MeshRefusedException refusal) => new(refusal.Status, Yarp.ReverseProxy.Forwarder.ForwarderError.None, false, refusal);
}
