using OrleansPlatform.Contracts.Calls;

namespace OrleansPlatform.Grains.Calls;

/// <summary>One call to a participant.</summary>
/// <param name="Target">Where to.</param>
/// <param name="Body">A JSON body, or null for none.</param>
/// <param name="Headers">Headers such as <c>Idempotency-Key</c>, <c>X-Saga-Id</c>, <c>X-Transaction-Id</c>.</param>
/// <param name="Timeout">How long the call may take.</param>
public sealed record ParticipantCall(CallTarget Target, string? Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Timeout);

/// <summary>How a participant call ended.</summary>
/// <param name="Succeeded">A 2xx answer.</param>
/// <param name="StatusCode">The HTTP status, or null when no answer came (timeout, refused connection).</param>
/// <param name="Body">The answer's body (JSON or text), when there was one.</param>
/// <param name="Error">Why it failed, for people.</param>
/// <param name="Retryable">
/// False only when repeating the same call cannot help (a 4xx other than 408 and 429, or no such service);
/// timeouts, refused connections and 5xx may pass on a retry.
/// </param>
public sealed record CallOutcome(bool Succeeded, int? StatusCode, string? Body, string? Error, bool Retryable)
{
    public static CallOutcome Failed(string error, bool retryable, int? status = null, string? body = null) => new(false, status, body, error, retryable);
}

/// <summary>The one replaceable place where the platform calls other services (saga steps, transaction participants).</summary>
public interface IParticipantCaller
{
    /// <summary>Makes the call; never throws for the participant's failures, which come back as the outcome.</summary>
    Task<CallOutcome> CallAsync(ParticipantCall call, CancellationToken cancellationToken);
}

/// <summary>Turns a service name into the base address of one of its instances.</summary>
public interface IServiceResolver
{
    /// <summary>A base address such as <c>http://127.0.0.1:7001</c>, or null when the service has no usable instance.</summary>
    Task<Uri?> ResolveAsync(string service, CancellationToken cancellationToken);
}
