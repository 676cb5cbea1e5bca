namespace OrleansPlatform.Contracts.Sagas;

/// <summary>One step of a saga instance. JSON values are UTF-8 JSON texts.</summary>
/// <param name="Name">The step.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">Attempts of its action so far.</param>
/// <param name="Output">Its output (JSON), once succeeded.</param>
/// <param name="Error">The last error, if any.</param>
/// <param name="CompensationAttempts">Attempts of its compensation so far.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaStepView")]
public sealed record SagaStepView(
    [property: Id(0)] string Name,
    [property: Id(1)] StepStatus Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string? Output,
    [property: Id(4)] string? Error,
    [property: Id(5)] int CompensationAttempts);

/// <summary>One entry of a saga's history (its journal).</summary>
/// <param name="Version">The entry's version in the saga's journal.</param>
/// <param name="Type">The event type, such as <c>StepSucceeded.v1</c>.</param>
/// <param name="Timestamp">When it was journaled.</param>
/// <param name="Step">The step it concerns, if any.</param>
/// <param name="Detail">A short description (attempt, error, reason).</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaHistoryEntry")]
public sealed record SagaHistoryEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string? Step,
    [property: Id(4)] string? Detail);

/// <summary>A saga instance.</summary>
/// <param name="SagaId">Its id.</param>
/// <param name="Definition">The definition's name.</param>
/// <param name="Version">The definition version it runs on, pinned at start.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Input">Its input (JSON).</param>
/// <param name="Steps">Its steps, in definition order.</param>
/// <param name="History">Its journal, oldest first.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished, if it did.</param>
/// <param name="Reason">Why it stopped short of completing (the failed step's error, timeout, cancel), if it did.</param>
/// <param name="FailedStep">The step whose action or compensation failed, if one did.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaView")]
public sealed record SagaView(
    [property: Id(0)] string SagaId,
    [property: Id(1)] string Definition,
    [property: Id(2)] int Version,
    [property: Id(3)] SagaStatus Status,
    [property: Id(4)] string Input,
    [property: Id(5)] IReadOnlyList<SagaStepView> Steps,
    [property: Id(6)] IReadOnlyList<SagaHistoryEntry> History,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] DateTimeOffset? EndedAt,
    [property: Id(9)] string? Reason,
    [property: Id(10)] string? FailedStep)
{
    /// <summary>The saga journal's version this view shows (its last history entry's); what <see cref="ISagaGrain.WaitForChangeAsync"/> takes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long JournalVersion => History.Count > 0 ? History[^1].Version : 0;
}
