using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>
/// A saga instance, journaled in <c>$saga:{sagaId}</c>. Every decision (start an attempt, retry, compensate, finish)
/// is journaled first; calls leave after the write (<see cref="OnCommittedAsync"/>) through the step runner, whose
/// reports are journaled in turn. A grain timer drives waits under a minute; a reminder is registered only for a
/// longer wait, and the cluster-wide recovery sweep (<see cref="SagaRecoveryGrain"/>) re-activates sagas a lost silo
/// was running, so after a crash the saga resumes from its journal: steps recorded as done are never repeated, and
/// steps in flight are called again under the same idempotency key.
/// </summary>
internal sealed partial class SagaGrain(JournalServices journal, SagaIndexWriter index, ILogger<SagaGrain> logger)
    : LogBackedGrain<SagaState>(journal), ISagaGrain, ISagaStepSink, IRemindable
{
    private const string KeepAliveReminder = "saga";
    private static readonly TimeSpan ReplyPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FaultRetryInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Step, int Partition), long> _replyScan = [];
    private IReadOnlyList<object> _committing = [];
    private IGrainTimer? _timer;
    private bool _resume;
    private bool _reminded;
    private SagaStatus? _indexed;

    private string SagaId => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$saga:{SagaId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Started && !State.Status.IsFinished())
        {
            // Attempts in flight when the last activation ended are sent again (same idempotency keys) on the first tick.
            _resume = true;
            Arm(TimeSpan.Zero);
        }
    }

    public async Task<SagaStatus> StartAsync(string definition, string input)
    {
        if (State.Started)
        {
            return State.Definition == definition
                ? State.Status
                : throw new PlatformConflictException($"Saga '{SagaId}' already runs definition '{State.Definition}'.");
        }

        EnsureJson("input", input);
        var info = await GrainFactory.GetGrain<ISagaDefinitionGrain>(definition).GetAsync()
            ?? throw new ResourceNotFoundException("saga definition", definition);
        var now = Time.GetUtcNow();
        var started = new SagaStarted(SagaId, definition, info.Version, info.Definition, input, now + info.Definition.Timeout);
        // The start and the first steps' starts are one append.
        (await AdvanceAsync([started])).EnsureCommitted($"Saga '{SagaId}' was started concurrently.");
        SagaTelemetry.Started(definition);
        return State.Status;
    }

    public Task<SagaView?> GetAsync() => Task.FromResult(State.Started ? SagaViews.From(State) : null);

    public async Task<SagaView?> WaitForChangeAsync(long knownVersion, TimeSpan timeout)
    {
        await WaitForVersionAsync(knownVersion, timeout);
        return State.Started ? SagaViews.From(State) : null;
    }

    public async Task SignalAsync(string name, string body)
    {
        EnsureStarted();
        EnsureJson("body", body);
        var step = State.StepStates.FirstOrDefault(s => s.Definition.Action.Signal == name)
            ?? throw new ResourceNotFoundException("signal", $"{SagaId}/{name}");
        if (State.Status.IsFinished() || State.Status == SagaStatus.Compensating)
        {
            throw new PlatformConflictException($"Saga '{SagaId}' is {State.Status.ToString().ToLowerInvariant()}; it takes no more signals.");
        }

        if (State.Signals.ContainsKey(name))
        {
            throw new PlatformConflictException($"Signal '{name}' was already delivered to saga '{SagaId}'.");
        }

        List<object> events = [new SignalReceived(name, body)];
        if (step.Status == StepStatus.Running)
        {
            events.Add(new StepSucceeded(step.Definition.Name, step.Attempts, body));
        }

        (await AdvanceAsync(events)).EnsureCommitted($"Saga '{SagaId}' changed concurrently; send the signal again.");
    }

    public async Task<SagaStatus> CancelAsync()
    {
        EnsureStarted();
        if (State.Status == SagaStatus.Compensating)
        {
            return State.Status;
        }

        if (State.Status != SagaStatus.Running)
        {
            throw new PlatformConflictException($"Saga '{SagaId}' is already {State.Status.ToString().ToLowerInvariant()}.");
        }

        (await AdvanceAsync([new CompensationStarted(SagaStatus.Cancelled, "Cancelled on request.", null)])).EnsureCommitted($"Saga '{SagaId}' changed concurrently; cancel again.");
        return State.Status;
    }

    public async Task<SagaStatus> RetryAsync()
    {
        EnsureStarted();
        if (State.Status != SagaStatus.Failed)
        {
            throw new PlatformConflictException($"Saga '{SagaId}' is {State.Status.ToString().ToLowerInvariant()}; only a failed saga's compensation can be retried.");
        }

        (await AdvanceAsync([new CompensationRetried()])).EnsureCommitted($"Saga '{SagaId}' changed concurrently; retry again.");
        return State.Status;
    }

    // The activation itself resumed a running saga; a finished one makes sure the read model knows it.
    public Task ResumeAsync() => State.Started && State.Status.IsFinished() ? AfterChangeAsync() : Task.CompletedTask;

    public async Task ReportAsync(StepReport report)
    {
        var step = State.FindStep(report.Step);
        if (step is null || !step.InFlight || step.Compensating != report.Compensating || step.CurrentAttempt != report.Attempt)
        {
            return; // an attempt the saga already gave up on (timed out, or superseded)
        }

        if (report.Succeeded && !report.Compensating && step.Definition.Action.Kind == StepKind.Bus)
        {
            Arm(TimeSpan.Zero); // the command is out; its reply is looked for
            return;
        }

        IEnumerable<object> events = report switch
        {
            { Succeeded: true, Compensating: true } => [new StepCompensated(report.Step, report.Attempt)],
            { Succeeded: true } => [new StepSucceeded(report.Step, report.Attempt, report.Output ?? "null")],
            _ => SagaPlanner.Failure(State, step, report.Error ?? "failed", report.Retryable, Time.GetUtcNow(), Random.Shared),
        };
        // The outcome and what it lets start (the next steps, compensation, the end) are one append.
        await AdvanceAsync(events.ToList());
    }

    private static void EnsureJson(string field, string json)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new PlatformValidationException(field, "Must be a JSON value.");
        }
    }

    private void EnsureStarted()
    {
        if (!State.Started)
        {
            throw new ResourceNotFoundException("saga", SagaId);
        }
    }
}
