using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Sagas;

namespace OrleansPlatform.Grains.Sagas;
/// <summary>
/// How a saga moves: the planner's decisions are journaled, the committed attempts leave through the step runner
/// (the outbox), and a grain timer or the keep-alive reminder brings the next due time around.
/// </summary>
internal sealed partial class SagaGrain
{
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminded = true;
        return TickAsync();
    }

    protected override async Task OnCommittedAsync(long firstVersion)
    {
        // The outbox: attempts leave only once the decision to make them is durable.
        foreach (var started in _committing.OfType<StepStarted>())
        {
            await DispatchAsync(State.Step(started.Step));
        }
    }

    private async Task<JournalOutcome> WriteAsync(IReadOnlyList<object> events)
    {
        _committing = events;
        try
        {
            return await JournalAsync(events);
        }
        finally
        {
            _committing = [];
        }
    }

    /// <summary>
    /// Journals <paramref name="first"/> together with every decision the planner takes on top of them, in one
    /// append (a step's start goes with the outcome that allowed it), then records the status in the read model and
    /// arms the timer for the next due time. With nothing to journal the outcome is a committed no-op.
    /// </summary>
    private async Task<JournalOutcome> AdvanceAsync(IReadOnlyList<object> first)
    {
        var events = await PlanAsync(first);
        var outcome = new JournalOutcome(JournalStatus.Committed, Version + 1, Version, 0);
        if (events.Count > 0)
        {
            outcome = await WriteAsync(events);
            if (!outcome.Committed)
            {
                Arm(FaultRetryInterval);
                return outcome;
            }
        }

        await AfterChangeAsync();
        await ArmForNextDueAsync();
        return outcome;
    }

    /// <summary><see cref="AdvanceAsync"/> from a timer or reminder: a failure is logged and tried again shortly.</summary>
    private async Task AdvanceInBackgroundAsync(IReadOnlyList<object> first)
    {
        try
        {
            await AdvanceAsync(first);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage or a grain it reads did not answer: the journal holds every decision so far, so try again shortly.
            LogAdvanceFailed(logger, ex, SagaId);
            Arm(FaultRetryInterval);
        }
    }

    /// <summary>Runs the planner ahead on a scratch copy of the state: <paramref name="first"/>, then its decisions until there are none.</summary>
    private async Task<List<object>> PlanAsync(IReadOnlyList<object> first)
    {
        var events = new List<object>(first);
        var scratch = State.Scratch();
        var now = Time.GetUtcNow();
        var version = Version;
        void Apply(IEnumerable<object> batch)
        {
            foreach (var e in batch)
            {
                scratch.Apply(new JournalEntry(e, ++version, Guid.Empty, now));
            }
        }

        Apply(first);
        for (var round = 0; round < 100; round++)
        {
            var decided = SagaPlanner.Decide(scratch, now, Random.Shared);
            if (decided.Count == 0)
            {
                break;
            }

            await WithReplyOffsetsAsync(scratch, decided);
            Apply(decided);
            events.AddRange(decided);
        }

        return events;
    }

    private async Task TickAsync()
    {
        if (!State.Started)
        {
            return;
        }

        if (State.Status.IsFinished())
        {
            await AfterChangeAsync();
            return;
        }

        IReadOnlyList<object> replies;
        try
        {
            if (_resume)
            {
                _resume = false;
                foreach (var step in State.StepStates.Where(s => s.InFlight))
                {
                    await DispatchAsync(step);
                }
            }

            replies = await SagaReplies.FindAsync(GrainFactory, SagaId, State, _replyScan);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage or a grain it reads did not answer: the journal holds every decision so far, so try again shortly.
            LogAdvanceFailed(logger, ex, SagaId);
            Arm(FaultRetryInterval);
            return;
        }

        await AdvanceInBackgroundAsync(replies);
    }

    private async Task DispatchAsync(SagaStepState step)
    {
        if (!step.InFlight || step.CurrentAction is not { } action || action.Kind == StepKind.Signal)
        {
            return;
        }

        var dispatch = new StepDispatch(SagaId, State.Definition, step.Definition.Name, step.Compensating, step.CurrentAttempt, action,
            StepBodies.Build(State, action), step.Definition.Timeout ?? SagaStep.DefaultTimeout);
        if (action.Kind == StepKind.Grain)
        {
            // A .NET handler gets the parts apart rather than as one JSON context.
            dispatch = dispatch with { Input = State.Input, Outputs = StepBodies.Outputs(State) };
        }

        await GrainFactory.GetGrain<IStepRunnerGrain>(0).RunAsync(dispatch);
    }

    /// <summary>A bus step's first attempt records where each partition ended, so its reply is looked for from there.</summary>
    private async Task WithReplyOffsetsAsync(SagaState state, List<object> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is StepStarted { Compensating: false } started && state.Step(started.Step) is { ReplyFrom: null } step
                && step.Definition.Action.Kind == StepKind.Bus)
            {
                events[i] = started with { ReplyFrom = await SagaReplies.EndOffsetsAsync(GrainFactory, step.Definition.Action.Topic!) };
            }
        }
    }

    private async Task AfterChangeAsync()
    {
        if (_indexed != State.Status)
        {
            try
            {
                await index.UpsertAsync(SagaViews.Entry(State));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The read model lags until the next tick writes it; the journal is the record.
                LogIndexFailed(logger, ex, SagaId);
                Arm(FaultRetryInterval);
                return;
            }

            if (State.Status.IsFinished())
            {
                SagaTelemetry.Finished(State.Definition, State.Status, (State.EndedAt ?? Time.GetUtcNow()) - State.StartedAt);
            }

            _indexed = State.Status;
        }

        if (State.Status.IsFinished())
        {
            _timer?.Dispose();
            _timer = null;
            // Only a saga that had a long wait has a reminder (one that fires after the end lands here too).
            if (_reminded && await this.GetReminder(KeepAliveReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminded = false;
        }
    }

    /// <summary>
    /// A grain timer for a due time under a minute; a longer wait (a long retry back-off, step or saga timeout) also
    /// gets the keep-alive reminder, since an idle activation may be collected before it is due.
    /// </summary>
    private async Task ArmForNextDueAsync()
    {
        if (State.Status.IsFinished())
        {
            return;
        }

        var now = Time.GetUtcNow();
        var dues = State.StepStates.Where(s => s.InFlight).Select(s => s.Deadline)
            .Concat(State.StepStates.Where(s => s.Status == StepStatus.Retrying).Select(s => s.RetryAt))
            .Append(State.Status == SagaStatus.Running ? State.Deadline : null)
            .OfType<DateTimeOffset>()
            .Select(d => d - now)
            .ToList();
        if (SagaReplies.AwaitsReply(State))
        {
            dues.Add(ReplyPollInterval);
        }

        if (dues.Count == 0)
        {
            return;
        }

        var next = dues.Min();
        if (next < TimeSpan.FromMinutes(1))
        {
            Arm(next);
        }
        else if (!_reminded)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminded = true;
        }
    }

    private void Arm(TimeSpan due)
    {
        _timer ??= this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
