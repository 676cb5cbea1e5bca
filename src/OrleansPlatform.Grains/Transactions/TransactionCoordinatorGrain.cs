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
