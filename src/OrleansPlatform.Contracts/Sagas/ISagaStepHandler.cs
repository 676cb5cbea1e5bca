namespace OrleansPlatform.Contracts.Sagas;

/// <summary>
/// An in-cluster saga step (step kind 4): a grain a .NET service implements in its own silo and names in a
/// definition as <c>"action":{"grain":"&lt;grain type name&gt;"}</c> (likewise <c>compensation</c>). The saga calls
/// it with the grain keyed by the saga id, through the same runner as its HTTP, bus and signal steps: the step's
/// timeout cancels the token <see cref="HandleAsync"/> gets, a failure is retried by the
/// step's retry policy under the same <see cref="SagaStepRequest.IdempotencyKey"/>, and compensation calls the
/// compensation's handler. A handler type that no silo hosts fails the attempt (handlers may join later).
/// </summary>
[Alias("op.sagas.ISagaStepHandler")]
public interface ISagaStepHandler : IGrainWithStringKey
{
    /// <summary>Runs one attempt of the step's action or compensation.</summary>
    /// <param name="request">The saga, step, attempt, idempotency key, input and earlier outputs.</param>
    /// <param name="cancellationToken">Fires when the step's timeout is over; the attempt then counts as failed.</param>
    /// <returns>The step's output, or why it failed. A thrown exception is a retryable failure.</returns>
    [Alias("Handle")]
    Task<SagaStepReply> HandleAsync(SagaStepRequest request, CancellationToken cancellationToken);
}

/// <summary>One attempt of an in-cluster step. JSON values are UTF-8 JSON texts.</summary>
/// <param name="SagaId">The saga.</param>
/// <param name="Definition">The saga's definition.</param>
/// <param name="Step">The step's name.</param>
/// <param name="Compensating">True when the step's compensation runs, false for its action.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="IdempotencyKey">
/// <c>{sagaId}:{step}:action</c> or <c>{sagaId}:{step}:compensate</c>: the same for every attempt, so the handler
/// can make a retried effect happen once.
/// </param>
/// <param name="Input">The saga's input.</param>
/// <param name="Outputs">The outputs of steps that succeeded so far, by step name.</param>
/// <param name="Body">The step's request body: the action's <c>body</c> mapping applied, or the whole context when unmapped.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaStepRequest")]
public sealed record SagaStepRequest(
    [property: Id(0)] string SagaId,
    [property: Id(1)] string Definition,
    [property: Id(2)] string Step,
    [property: Id(3)] bool Compensating,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] string Input,
    [property: Id(7)] IReadOnlyDictionary<string, string> Outputs,
    [property: Id(8)] string Body);

/// <summary>How an in-cluster step attempt ended.</summary>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="Output">The step's output (JSON) when it succeeded; null is JSON <c>null</c>.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Retryable">False when repeating the attempt cannot help (the step fails at once).</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaStepReply")]
public sealed record SagaStepReply(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] string? Output = null,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] bool Retryable = true)
{
    /// <summary>A success with <paramref name="outputJson"/> as the step's output.</summary>
    public static SagaStepReply Success(string outputJson = "null") => new(true, outputJson);

    /// <summary>A failure; <paramref name="retryable"/> false skips the remaining attempts.</summary>
    public static SagaStepReply Failure(string error, bool retryable = true) => new(false, null, error, retryable);
}
