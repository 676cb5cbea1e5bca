using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>One step of a saga instance, folded from its journal.</summary>
internal sealed class SagaStepState(SagaStep definition)
{
    public SagaStep Definition { get; } = definition;

    public StepStatus Status { get; set; } = StepStatus.Pending;

    public int Attempts { get; set; }

    public int CompensationAttempts { get; set; }

    /// <summary>True while the attempt under way (or scheduled) is the compensation's.</summary>
    public bool Compensating { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    /// <summary>When the attempt under way is given up; null: no bound (a signal without a timeout).</summary>
    public DateTimeOffset? Deadline { get; set; }

    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>The journal version of its success: compensation runs in reverse of it.</summary>
    public long CompletedAt { get; set; }

    public IReadOnlyDictionary<int, long>? ReplyFrom { get; set; }

    public SagaStepState Copy() => (SagaStepState)MemberwiseClone();

    /// <summary>The attempt currently under way, of the action or the compensation.</summary>
    public int CurrentAttempt => Compensating ? CompensationAttempts : Attempts;

    public bool InFlight => Status is StepStatus.Running or StepStatus.Compensating;

    public StepAction? CurrentAction => Compensating ? Definition.Compensation : Definition.Action;
}

/// <summary>A saga instance, folded from its journal <c>$saga:{sagaId}</c>.</summary>
internal sealed class SagaState : IJournalState
{
    private List<SagaHistoryEntry> _history = [];

    public string? SagaId { get; private set; }

    public string Definition { get; private set; } = "";

    public int Version { get; private set; }

    public SagaDefinition? Steps { get; private set; }

    public string Input { get; private set; } = "null";

    public SagaStatus Status { get; private set; }

    /// <summary>The status compensation ends in.</summary>
    public SagaStatus Cause { get; private set; }

    public string? Reason { get; private set; }

    public string? FailedStep { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>Steps in definition order.</summary>
    public List<SagaStepState> StepStates { get; private set; } = [];

    public Dictionary<string, string> Signals { get; private set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SagaHistoryEntry> History => _history;

    public bool Started => SagaId is not null;

    public SagaStepState Step(string name) => StepStates.First(s => s.Definition.Name == name);

    public SagaStepState? FindStep(string name) => StepStates.FirstOrDefault(s => s.Definition.Name == name);

    /// <summary>A scratch copy (without history) the planner can run ahead on before anything is journaled.</summary>
    public SagaState Scratch()
    {
        var copy = (SagaState)MemberwiseClone();
        copy._history = [];
        copy.StepStates = StepStates.Select(s => s.Copy()).ToList();
        copy.Signals = new Dictionary<string, string>(Signals, StringComparer.Ordinal);
        return copy;
    }

    public void Apply(JournalEntry entry)
    {
        var (step, detail) = Fold(entry);
        _history.Add(new SagaHistoryEntry(entry.Version, TypedJournalCodec.Instance.NameOf(entry.Event.GetType()), entry.Timestamp, step, detail));
    }

    private (string? Step, string? Detail) Fold(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case SagaStarted e:
                (SagaId, Definition, Version, Steps, Input, Deadline) = (e.SagaId, e.Definition, e.Version, e.Steps, e.Input, e.Deadline);
                (Status, StartedAt) = (SagaStatus.Running, entry.Timestamp);
                StepStates.AddRange(e.Steps.Steps.Select(s => new SagaStepState(s)));
                return (null, $"{e.Definition} v{e.Version}");
            case StepStarted e:
            {
                var s = Step(e.Step);
                s.Compensating = e.Compensating;
                s.Status = e.Compensating ? StepStatus.Compensating : StepStatus.Running;
                if (e.Compensating)
                {
                    s.CompensationAttempts = e.Attempt;
                }
                else
                {
                    s.Attempts = e.Attempt;
                }

                (s.Deadline, s.RetryAt) = (e.Deadline, null);
                s.ReplyFrom = e.ReplyFrom ?? s.ReplyFrom;
                return (e.Step, $"{(e.Compensating ? "compensation" : "action")} attempt {e.Attempt}");
            }

            case StepSucceeded e:
            {
                var s = Step(e.Step);
                (s.Status, s.Output, s.Error, s.Deadline, s.CompletedAt) = (StepStatus.Succeeded, e.Output, null, null, entry.Version);
                return (e.Step, $"attempt {e.Attempt}");
            }

            case StepFailed e:
            {
                var s = Step(e.Step);
                s.Error = e.Error;
                s.Deadline = null;
                s.Status = (e.Compensating, e.Final) switch
                {
                    (false, true) => StepStatus.Failed,
                    (true, true) => StepStatus.CompensationFailed,
                    _ => StepStatus.Retrying,
                };
                return (e.Step, $"{(e.Compensating ? "compensation" : "action")} attempt {e.Attempt}: {e.Error}");
            }

            case StepRetryScheduled e:
            {
                var s = Step(e.Step);
                (s.Status, s.RetryAt, s.Compensating) = (StepStatus.Retrying, e.DueAt, e.Compensating);
                return (e.Step, $"attempt {e.NextAttempt} at {e.DueAt:O}");
            }

            case SignalReceived e:
                Signals[e.Signal] = e.Body;
                return (null, e.Signal);
            case CompensationStarted e:
                (Status, Cause, Reason, FailedStep) = (SagaStatus.Compensating, e.Cause, e.Reason, e.FailedStep ?? FailedStep);
                foreach (var waiting in StepStates.Where(s => s.Status == StepStatus.Running && s.Definition.Action.Kind == StepKind.Signal))
                {
                    // Waiting for a signal did nothing outside that needs an outcome: the wait just ends.
                    (waiting.Status, waiting.Deadline) = (StepStatus.Skipped, null);
                }

                return (e.FailedStep, e.Reason);
            case StepCompensated e:
            {
                var s = Step(e.Step);
                (s.Status, s.Deadline, s.Error) = (StepStatus.Compensated, null, null);
                return (e.Step, $"attempt {e.Attempt}");
            }

            case SagaCompleted:
                return Finish(SagaStatus.Completed, entry);
            case SagaCompensated:
                return Finish(SagaStatus.Compensated, entry);
            case SagaTimedOut:
                return Finish(SagaStatus.TimedOut, entry);
            case SagaCancelled:
                return Finish(SagaStatus.Cancelled, entry);
            case SagaFailed e:
                (Reason, FailedStep) = (e.Reason, e.Step);
                Finish(SagaStatus.Failed, entry);
                return (e.Step, e.Reason);
            case CompensationRetried:
                (Status, EndedAt) = (SagaStatus.Compensating, null);
                foreach (var s in StepStates.Where(s => s.Status == StepStatus.CompensationFailed))
                {
                    (s.Status, s.CompensationAttempts, s.RetryAt, s.Compensating) = (StepStatus.Retrying, 0, entry.Timestamp, true);
                }

                return (null, null);
            default:
                return (null, null);
        }
    }

    private (string? Step, string? Detail) Finish(SagaStatus status, JournalEntry entry)
    {
        (Status, EndedAt) = (status, entry.Timestamp);
        return (null, Reason);
    }
}
