using System.Globalization;
using Microsoft.AspNetCore.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// One call through the mesh: what the attempts share (the request, its caller, deadline, the instances tried) and
/// the rules for another attempt. Kept as a request feature for the transformer and in the Polly context for the
/// retry and timeout strategies.
/// </summary>
internal sealed class MeshCall
{
    /// <summary>
    /// Sent downstream with every attempt: the milliseconds left of the call's deadline, so the service can give up in
    /// time (and pass the rest on). Honoured when it arrives: a call never outlives its caller's deadline.
    /// </summary>
    public const string DeadlineHeader = "X-Platform-Deadline";

    /// <summary>Picks the instance under <c>consistentHash</c>.</summary>
    public const string HashKeyHeader = "X-Mesh-Key";

    public static readonly ResiliencePropertyKey<MeshCall> Key = new("platform.mesh.call");

    private readonly TimeProvider _time;
    private readonly long _started;
    private bool _retryClaimed;

    public MeshCall(HttpContext context, MeshService service, PathString path, string? caller, TimeProvider time)
    {
        (Context, Service, DownstreamPath, Caller, _time) = (context, service, path, caller, time);
        Settings = service.Settings;
        _started = time.GetTimestamp();
        var method = context.Request.Method;
        Retryable = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPut(method)
            || HttpMethods.IsDelete(method) || context.Request.Headers.ContainsKey("Idempotency-Key");
        HashKey = context.Request.Headers[HashKeyHeader] is [{ Length: > 0 } key] ? key : null;
        Deadline = Settings.Deadline;
        if (context.Request.Headers[DeadlineHeader] is [{ } given] && long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && TimeSpan.FromMilliseconds(ms) < Deadline)
        {
            Deadline = TimeSpan.FromMilliseconds(ms);
        }
    }

    public HttpContext Context { get; }

    public MeshService Service { get; }

    public MeshSettings Settings { get; }

    public PathString DownstreamPath { get; }

    public string? Caller { get; }

    public string? HashKey { get; }

    /// <summary>Safe to repeat: an idempotent method, or a request carrying <c>Idempotency-Key</c>.</summary>
    public bool Retryable { get; }

    public TimeSpan Deadline { get; }

    public int Attempt { get; private set; }

    /// <summary>Instances this call has tried (null before a retry needs it).</summary>
    public HashSet<string>? Tried { get; private set; }

    public MeshInstance? Instance { get; set; }

    /// <summary>The attempt's 5xx answer was held back because another attempt follows.</summary>
    public bool Withheld { get; set; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public TimeSpan DeadlineLeft() => Deadline - Elapsed;

    public void Trying(MeshInstance instance)
    {
        Instance = instance;
        if (Settings.MaxAttempts > 1)
        {
            (Tried ??= new HashSet<string>(StringComparer.Ordinal)).Add(instance.Id);
        }
    }

    /// <summary>Starts an attempt: clears what a failed one left on the response and rewinds a buffered body.</summary>
    public void BeginAttempt()
    {
        Attempt++;
        _retryClaimed = false;
        Withheld = false;
        if (Attempt > 1)
        {
            MeshTelemetry.Retried(Service.Name);
            Context.Response.StatusCode = StatusCodes.Status200OK;
            Context.Features.Set<IForwarderErrorFeature>(null);
            if (Context.Request.Body.CanSeek)
            {
                Context.Request.Body.Position = 0;
            }
        }
    }

    /// <summary>
    /// Whether this attempt may be followed by another: the request is safe to repeat, nothing was sent to the client,
    /// attempts are left and the service's retry budget grants one. Asked at most once per attempt.
    /// </summary>
    public bool TryClaimRetry()
    {
        if (!_retryClaimed && Retryable && !Context.Response.HasStarted && Attempt < Settings.MaxAttempts && Settings.Budget.TryWithdraw())
        {
            _retryClaimed = true;
        }

        return _retryClaimed;
    }

    public bool ShouldRetry(Outcome<AttemptOutcome> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException or BrokenCircuitException or HttpRequestException } => TryClaimRetry(),
        { Exception: null, Result.Withheld: true } => true,
        { Exception: null, Result: { Refusal: null, Error: ForwarderError.Request or ForwarderError.RequestTimedOut } } => TryClaimRetry(),
        _ => false,
    };
}
