using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Transactions;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>
/// The coordinator of one two-phase-commit transaction, journaled in <c>$tx:{id}</c>: started, then every participant
/// prepared in parallel within the timeout, then the decision journaled, and only then phase two (commit all or abort
/// all), retried with back-off and jitter until every participant acknowledged. No journaled decision means abort
/// (presumed abort): a coordinator that finds itself preparing after a restart aborts, since it cannot know the votes.
/// </summary>
/// <remarks>
/// Phase calls run on a grain timer that interleaves with the grain's calls, so reads and repeated starts answer
/// while participants are slow; nothing else writes the journal once the transaction exists. A reminder brings the
/// coordinator back on another silo when its silo dies, until the transaction is finished. Placed on the silo that
/// received the request, which saves a hop for the start.
/// </remarks>
[PreferLocalPlacement]
public sealed partial class TransactionCoordinatorGrain(
    JournalServices journal,
    IParticipantCaller caller,
    ITransactionReadModel readModel,
    IOptions<TransactionOptions> options,
    ILogger<TransactionCoordinatorGrain> logger)
    : LogBackedGrain<TransactionState>(journal), ITransactionCoordinatorGrain, IRemindable
{
    private const string RecoveryReminder = "tx-recovery";

    private IGrainTimer? _driver;
    private bool _driving;
    private bool _startedHere;
    private TransactionStatus? _indexed;
    private TaskCompletionSource? _finished;
    private IGrainReminder? _reminder;

    private string Id => this.GetPrimaryKeyString();

    private TransactionOptions Settings => options.Value;

    protected override string LogStreamId => $"$tx:{Id}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Request is not null && !State.IsFinished)
        {
            _indexed = State.Status;
            Drive(TimeSpan.Zero);
        }
    }

    public async Task<TransactionStart> StartAsync(TransactionRequest request)
    {
        TransactionRules.EnsureValid(request);
        if (request.TransactionId != Id)
        {
            throw new PlatformValidationException("transactionId", $"The request names transaction '{request.TransactionId}', not '{Id}'.");
        }

        var fingerprint = Fingerprint(request);
        if (State.Request is not null)
        {
            return State.Fingerprint == fingerprint
                ? new TransactionStart(State.ToInfo(Id), Created: false)
                : throw new PlatformConflictException($"Transaction '{Id}' already exists with different participants or timeout.");
        }

        // The reminder first: a coordinator whose silo dies right after the start must still come back to decide.
        _reminder = await this.RegisterOrUpdateReminder(RecoveryReminder, Settings.RecoveryInterval, Settings.RecoveryInterval);
        (await JournalAsync([new TransactionStarted(request, fingerprint)])).EnsureCommitted($"Transaction '{Id}' was started concurrently; read it.");
        _startedHere = true;
        TransactionTelemetry.Started();
        LogStarted(logger, Id, request.Participants.Count);
        Drive(TimeSpan.Zero);
        return new TransactionStart(State.ToInfo(Id), Created: true);
    }

    public Task<TransactionInfo?> GetAsync() => Task.FromResult(State.Request is null ? null : State.ToInfo(Id));

    public async Task<TransactionInfo?> WaitAsync(TimeSpan wait)
    {
        if (State.Request is not null && !State.IsFinished)
        {
            _finished ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await Task.WhenAny(_finished.Task, Task.Delay(wait, Time));
        }

        return await GetAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Request is null || State.IsFinished)
        {
            await ForgetReminderAsync();
        }
        else
        {
            Drive(TimeSpan.Zero);
        }
    }

    protected override async Task OnCommittedAsync(long firstVersion)
    {
        if (_indexed == State.Status || State.Request is not { } request)
        {
            return;
        }

        try
        {
            await readModel.UpsertAsync(new TransactionRow(Id, State.Status, Version, request.Participants.Count, State.CreatedAt, State.CompletedAt), CancellationToken.None);
            _indexed = State.Status;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only statistics read the row; the next status change writes it again.
            LogReadModelFailed(logger, ex, Id);
        }
    }

    /// <summary>(Re)arms the one phase timer, unless a round is running: that round arms what follows itself.</summary>
    private void Drive(TimeSpan after)
    {
        if (_driving)
        {
            return;
        }

        _driver ??= this.RegisterGrainTimer(DriveAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        _driver.Change(after, Timeout.InfiniteTimeSpan);
    }

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        if (_driving)
        {
            return;
        }

        _driving = true;
        TimeSpan? next;
        try
        {
            next = await AdvanceAsync();
        }
        catch (PlatformException ex)
        {
            // Storage is unavailable: the journal is re-read before the next round, which decides again from there.
            LogRoundFailed(logger, ex, Id);
            next = Settings.RetryDelay(1, Random.Shared.NextDouble());
        }
        finally
        {
            _driving = false;
        }

        if (next is { } delay)
        {
            _driver?.Change(delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _driver?.Dispose();
            _driver = null;
        }
    }

    /// <summary>One step: decide if undecided, else one round of phase two. Returns when to run again (null: finished).</summary>
    private async Task<TimeSpan?> AdvanceAsync()
    {
        await EnsureCurrentAsync();
        if (State.Request is null || State.IsFinished)
        {
            await ForgetReminderAsync();
            return null;
        }

        if (!State.IsDecided)
        {
            var decision = _startedHere ? await PrepareAllAsync(State.Request) : PresumedAbort();
            if (!(await JournalAsync([decision])).Committed)
            {
                return Settings.RetryDelay(1, Random.Shared.NextDouble());
            }

            LogDecided(logger, Id, decision.Commit, decision.Reason);
        }

        return await PhaseTwoRoundAsync();
    }

    private TransactionDecided PresumedAbort() => new(
        false,
        State.Branches.Select(b => new BranchVote(b.Participant.Branch, PrepareVote.Pending, null)).ToList(),
        "The coordinator restarted before deciding; without a decision the transaction aborts (presumed abort).");

    private async Task<TransactionDecided> PrepareAllAsync(TransactionRequest request)
    {
        var deadline = State.CreatedAt + request.Timeout;
        var votes = await Task.WhenAll(request.Participants.Select(p => PrepareAsync(p, deadline)));
        var refused = votes.FirstOrDefault(v => v.Vote != PrepareVote.Prepared);
        var reason = refused is null ? null : $"Participant '{refused.Branch}' did not prepare ({refused.Vote}): {refused.Error}";
        return new TransactionDecided(refused is null, votes, reason);
    }

    private async Task<BranchVote> PrepareAsync(TransactionParticipant participant, DateTimeOffset deadline)
    {
        var remaining = deadline - Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return new BranchVote(participant.Branch, PrepareVote.Timeout, "The transaction's timeout passed before the prepare call.");
        }

        var started = Time.GetTimestamp();
        var outcome = await CallAsync(participant, ParticipantCalls.Prepare, remaining);
        if (outcome.Succeeded)
        {
            return new BranchVote(participant.Branch, PrepareVote.Prepared, null);
        }

        // No answer for (about: timers may fire a little early) the whole remaining time is a timeout; no answer
        // sooner is an unreachable participant, which is a no.
        var timedOut = outcome.StatusCode is null && Time.GetElapsedTime(started) >= remaining * 0.9;
        var vote = timedOut ? PrepareVote.Timeout : PrepareVote.VoteNo;
        return new BranchVote(participant.Branch, vote, outcome.Error);
    }

    /// <summary>Calls every branch that has not acknowledged the decision yet and journals the round.</summary>
    private async Task<TimeSpan?> PhaseTwoRoundAsync()
    {
        var commit = State.Status == TransactionStatus.Committing;
        var phase = commit ? ParticipantCalls.Commit : ParticipantCalls.Abort;
        var pending = State.Branches.Where(b => b.Outcome == PhaseTwoOutcome.Pending).Select(b => b.Participant).ToList();
        var results = await Task.WhenAll(pending.Select(async p =>
        {
            var outcome = await CallAsync(p, phase, Settings.CallTimeout);
            return new BranchAcknowledgement(p.Branch, outcome.Succeeded, outcome.Error);
        }));

        List<object> events = [new PhaseTwoRound(results)];
        if (results.All(r => r.Acknowledged))
        {
            events.Add(new TransactionCompleted(commit));
        }

        if (!(await JournalAsync(events)).Committed)
        {
            return Settings.RetryDelay(1, Random.Shared.NextDouble());
        }

        if (!State.IsFinished)
        {
            LogPhaseTwoRetry(logger, Id, phase, results.Count(r => !r.Acknowledged), State.Rounds);
            return Settings.RetryDelay(State.Rounds, Random.Shared.NextDouble());
        }

        TransactionTelemetry.Finished(State.Status, State.CompletedAt!.Value - State.CreatedAt);
        _finished?.TrySetResult();
        LogFinished(logger, Id, State.Status);
        await ForgetReminderAsync();
        return null;
    }

    private async Task<CallOutcome> CallAsync(TransactionParticipant participant, string phase, TimeSpan timeout)
    {
        var call = ParticipantCalls.Build(Id, participant, phase, timeout);
        using var activity = TransactionTelemetry.Source.StartActivity($"tx {phase}", ActivityKind.Client);
        activity?.SetTag("transaction.id", Id);
        activity?.SetTag("transaction.branch", participant.Branch);
        activity?.SetTag("transaction.phase", phase);
        activity?.SetTag("participant.target", call.Target.ToString());
        var outcome = await caller.CallAsync(call, CancellationToken.None);
        activity?.SetTag("http.response.status_code", outcome.StatusCode);
        if (!outcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        TransactionTelemetry.Called(phase, outcome.Succeeded);
        return outcome;
    }

    private async Task ForgetReminderAsync()
    {
        try
        {
            // The handle from the start saves a read; a later activation looks it up.
            if ((_reminder ?? await this.GetReminder(RecoveryReminder)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
                _reminder = null;
            }
        }
        catch (ReminderException ex)
        {
            // It fires again, finds the transaction finished, and tries again.
            LogReminderNotRemoved(logger, ex, Id);
        }
    }

    private static string Fingerprint(TransactionRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, JournalJson.Options))));
}
