using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>Journal event of <c>$saga-def:{name}</c>: a new version of the definition.</summary>
[EventType("SagaDefinitionStored.v1")]
internal sealed record SagaDefinitionStored(string Name, int Version, SagaDefinition Definition, DateTimeOffset CreatedAt);

/// <summary>The saga started on a pinned definition version.</summary>
[EventType("SagaStarted.v1")]
internal sealed record SagaStarted(string SagaId, string Definition, int Version, SagaDefinition Steps, string Input, DateTimeOffset? Deadline);

/// <summary>
/// The decision to make an attempt of a step's action (or compensation) is durable; the call leaves after this.
/// <paramref name="ReplyFrom"/>: for a bus step, each partition's end offset before the command, where the reply is looked for.
/// </summary>
[EventType("StepStarted.v1")]
internal sealed record StepStarted(string Step, bool Compensating, int Attempt, DateTimeOffset? Deadline, IReadOnlyDictionary<int, long>? ReplyFrom = null);

/// <summary>The step's action succeeded with this output (JSON).</summary>
[EventType("StepSucceeded.v1")]
internal sealed record StepSucceeded(string Step, int Attempt, string Output);

/// <summary>An attempt failed; <paramref name="Final"/> when no retry follows.</summary>
[EventType("StepFailed.v1")]
internal sealed record StepFailed(string Step, bool Compensating, int Attempt, string Error, bool Final);

/// <summary>The next attempt is due at <paramref name="DueAt"/>.</summary>
[EventType("StepRetryScheduled.v1")]
internal sealed record StepRetryScheduled(string Step, bool Compensating, int NextAttempt, DateTimeOffset DueAt);

/// <summary>A signal arrived; its body (JSON) becomes the output of the step waiting for it.</summary>
[EventType("SignalReceived.v1")]
internal sealed record SignalReceived(string Signal, string Body);

/// <summary>
/// Completed steps are to be undone because of <paramref name="Cause"/> (<see cref="SagaStatus.Compensated"/> for a
/// failed step, <see cref="SagaStatus.TimedOut"/>, <see cref="SagaStatus.Cancelled"/>), the status it ends in.
/// </summary>
[EventType("CompensationStarted.v1")]
internal sealed record CompensationStarted(SagaStatus Cause, string Reason, string? FailedStep);

/// <summary>A step's compensation succeeded.</summary>
[EventType("StepCompensated.v1")]
internal sealed record StepCompensated(string Step, int Attempt);

/// <summary>Every step succeeded.</summary>
[EventType("SagaCompleted.v1")]
internal sealed record SagaCompleted;

/// <summary>A step failed and every completed step was undone.</summary>
[EventType("SagaCompensated.v1")]
internal sealed record SagaCompensated;

/// <summary>The saga ran out of time; completed steps were undone.</summary>
[EventType("SagaTimedOut.v1")]
internal sealed record SagaTimedOut;

/// <summary>The saga was cancelled; completed steps were undone.</summary>
[EventType("SagaCancelled.v1")]
internal sealed record SagaCancelled;

/// <summary>A compensation kept failing: the saga stops, failed, until an operator retries it.</summary>
[EventType("SagaFailed.v1")]
internal sealed record SagaFailed(string Reason, string Step);

/// <summary>An operator retries the failed compensations.</summary>
[EventType("CompensationRetried.v1")]
internal sealed record CompensationRetried;
