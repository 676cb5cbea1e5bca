using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>
/// Decides what a saga does next from its durable state and the time: which attempts start, which time out, when
/// compensation begins and when the saga ends. Pure: the grain journals the decisions, then acts on them.
/// </summary>
internal static class SagaPlanner
{
    /// <summary>Grace after a step's timeout before the grain gives up on an attempt whose caller never reported.</summary>
    public static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(1);

    /// <summary>The next decisions, empty when there is nothing to do now; call again after journaling them.</summary>
    public static List<object> Decide(SagaState state, DateTimeOffset now, Random random)
    {
        var events = new List<object>();
        if (state.Status == SagaStatus.Running)
        {
            DecideForward(state, now, random, events);
        }
        else if (state.Status == SagaStatus.Compensating)
        {
            DecideCompensation(state, now, random, events);
        }

        return events;
    }

    /// <summary>The events that record a failed attempt: the failure, and the retry when one is allowed.</summary>
    public static IEnumerable<object> Failure(SagaState state, SagaStepState step, string error, bool retryable, DateTimeOffset now, Random random)
    {
        var policy = step.Definition.RetryPolicy;
        var attempt = step.CurrentAttempt;
        // Forward steps that are still in flight when compensation begins get no more attempts.
        var mayRetry = retryable && attempt < policy.MaxAttempts && (step.Compensating || state.Status == SagaStatus.Running);
        yield return new StepFailed(step.Definition.Name, step.Compensating, attempt, error, Final: !mayRetry);
        if (mayRetry)
        {
            var delay = policy.DelayBefore(attempt + 1);
            var jitter = TimeSpan.FromTicks((long)(delay.Ticks * 0.2 * random.NextDouble()));
            yield return new StepRetryScheduled(step.Definition.Name, step.Compensating, attempt + 1, now + delay + jitter);
        }
    }

    /// <summary>The deadline of an attempt started now; null when it waits without bound (a signal without timeout).</summary>
    public static DateTimeOffset? AttemptDeadline(SagaStep step, StepAction action, DateTimeOffset now) =>
        action.Kind == StepKind.Signal && step.Timeout is null ? null : now + (step.Timeout ?? SagaStep.DefaultTimeout) + ReportGrace;

    private static void DecideForward(SagaState state, DateTimeOffset now, Random random, List<object> events)
    {
        if (state.Deadline is { } deadline && now >= deadline)
        {
            events.Add(new CompensationStarted(SagaStatus.TimedOut, $"The saga did not finish within its timeout ({state.Steps!.Timeout:c}).", null));
            return;
        }

        if (state.StepStates.FirstOrDefault(s => s.Status == StepStatus.Failed) is { } failed)
        {
            events.Add(new CompensationStarted(SagaStatus.Compensated, $"Step '{failed.Definition.Name}' failed: {failed.Error}", failed.Definition.Name));
            return;
        }

        if (state.StepStates.All(s => s.Status == StepStatus.Succeeded))
        {
            events.Add(new SagaCompleted());
            return;
        }

        foreach (var step in state.StepStates)
        {
            if (step.Status == StepStatus.Running && step.Deadline is { } due && now >= due)
            {
                events.AddRange(Failure(state, step, TimedOutError(step), retryable: true, now, random));
            }
            else if (step.Status == StepStatus.Retrying && step.RetryAt <= now)
            {
                events.AddRange(Start(state, step, step.Attempts + 1, compensating: false, now));
            }
            else if (step.Status == StepStatus.Pending && step.Definition.Dependencies.All(d => state.Step(d).Status == StepStatus.Succeeded))
            {
                events.AddRange(Start(state, step, 1, compensating: false, now));
            }
        }
    }

    private static void DecideCompensation(SagaState state, DateTimeOffset now, Random random, List<object> events)
    {
        foreach (var step in state.StepStates.Where(s => s.InFlight && s.Deadline is { } due && now >= due))
        {
            events.AddRange(Failure(state, step, TimedOutError(step), retryable: true, now, random));
        }

        if (events.Count > 0)
        {
            return;
        }

        if (state.StepStates.FirstOrDefault(s => s.Status == StepStatus.CompensationFailed) is { } stuck)
        {
            events.Add(new SagaFailed($"The compensation of step '{stuck.Definition.Name}' failed: {stuck.Error}", stuck.Definition.Name));
            return;
        }

        foreach (var step in state.StepStates.Where(s => s.Status == StepStatus.Retrying && s.Compensating && s.RetryAt <= now))
        {
            events.AddRange(Start(state, step, step.CompensationAttempts + 1, compensating: true, now));
        }

        var forwardInFlight = state.StepStates.Any(s => s.Status == StepStatus.Running);
        var compensationInFlight = state.StepStates.Any(s => s.Status == StepStatus.Compensating || (s.Status == StepStatus.Retrying && s.Compensating));
        var toUndo = state.StepStates
            .Where(s => s.Status == StepStatus.Succeeded && s.Definition.Compensation is not null)
            .OrderByDescending(s => s.CompletedAt)
            .ToList();
        if (state.Steps!.Compensation == CompensationMode.Parallel)
        {
            foreach (var step in toUndo)
            {
                events.AddRange(Start(state, step, 1, compensating: true, now));
            }
        }
        else if (!forwardInFlight && !compensationInFlight && events.Count == 0 && toUndo.Count > 0)
        {
            // Reverse completion order needs every completion known: steps still in flight finish (or time out) first.
            events.AddRange(Start(state, toUndo[0], 1, compensating: true, now));
        }

        if (events.Count == 0 && !forwardInFlight && !compensationInFlight && toUndo.Count == 0)
        {
            events.Add(state.Cause switch
            {
                SagaStatus.TimedOut => new SagaTimedOut(),
                SagaStatus.Cancelled => new SagaCancelled(),
                _ => new SagaCompensated(),
            });
        }
    }

    private static IEnumerable<object> Start(SagaState state, SagaStepState step, int attempt, bool compensating, DateTimeOffset now)
    {
        var name = step.Definition.Name;
        var action = compensating ? step.Definition.Compensation! : step.Definition.Action;
        yield return new StepStarted(name, compensating, attempt, AttemptDeadline(step.Definition, action, now));
        if (!compensating && action.Signal is { } signal && state.Signals.TryGetValue(signal, out var body))
        {
            yield return new StepSucceeded(name, attempt, body);
        }
    }

    private static string TimedOutError(SagaStepState step) =>
        $"No outcome within the step timeout ({step.Definition.Timeout ?? SagaStep.DefaultTimeout:c}).";
}
