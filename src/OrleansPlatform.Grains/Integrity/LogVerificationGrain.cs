using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Integrity;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>
/// One whole-log verification job, journaled in <c>$verify:{jobId}</c>. A grain timer takes bounded steps (one page
/// of the stored feed each, then a journaled checkpoint); a reminder re-activates the job on another silo if its silo
/// dies, and it continues from its last checkpoint.
/// </summary>
public sealed class LogVerificationGrain(JournalServices journal, IEventLog log, IOptions<LogVerificationOptions> options)
    : LogBackedGrain<LogVerificationState>(journal), ILogVerificationGrain, IRemindable
{
    private const string KeepAlive = "verify-keep-alive";

    private readonly LogVerificationOptions _options = options.Value;
    private FeedChainChecker? _checker;
    private HashSet<string>? _broken;
    private IGrainTimer? _timer;

    protected override string LogStreamId => $"$verify:{this.GetPrimaryKey():N}";

    // Chains are checked on the rows as stored, never as presented (upcast or decrypted).
    private IEventLog Stored => log is PresentingEventLog presenting ? presenting.Stored : log;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Started && State.CompletedAt is null)
        {
            StartTimer();
        }
    }

    public async Task<LogVerificationStatus> StartAsync()
    {
        if (!State.Started)
        {
            var end = await Stored.GetEndPositionAsync(CancellationToken.None);
            (await JournalAsync([new LogVerificationStarted(end, Time.GetUtcNow())])).EnsureCommitted("The verification job was started concurrently.");
            IntegrityTelemetry.RecordJobStarted();
            await this.RegisterOrUpdateReminder(KeepAlive, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
        }

        return State.ToStatus(this.GetPrimaryKey(), Time.GetUtcNow());
    }

    public Task<LogVerificationStatus?> GetAsync() =>
        Task.FromResult(State.Started ? State.ToStatus(this.GetPrimaryKey(), Time.GetUtcNow()) : null);

    // The reminder only has to wake the grain: activation restarts the timer of a running job.
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.CompletedAt is not null && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(_ => RunAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(50)) { KeepAlive = true });

    private async Task RunAsync()
    {
        var deadline = Time.GetUtcNow() + _options.StepBudget;
        while (State.CompletedAt is null && Time.GetUtcNow() < deadline)
        {
            if (!await StepAsync())
            {
                break;
            }
        }

        if (State.CompletedAt is not null)
        {
            _timer?.Dispose();
            _timer = null;
            if (await this.GetReminder(KeepAlive) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    /// <summary>Checks one page and journals the checkpoint; false when the page made no progress.</summary>
    private async Task<bool> StepAsync()
    {
        if (State.Position >= State.EndPosition)
        {
            (await JournalAsync([new LogVerificationCompleted(Time.GetUtcNow())])).EnsureCommitted("The verification job was changed concurrently.");
            IntegrityTelemetry.RecordJobCompleted(State.Broken.Count == 0 && !State.BrokenTruncated);
            return false;
        }

        _checker ??= new FeedChainChecker(Stored, _options.LinkCapacity);
        _broken ??= State.Broken.Select(b => b.StreamId).ToHashSet(StringComparer.Ordinal);
        var request = new ReadAllRequest(State.Position, _options.PageSize, IncludeSystemStreams: true, Raw: true);
        var page = await Stored.ReadAllAsync(request, CancellationToken.None);
        var (streams, events) = (_checker.StreamsChecked, _checker.EventsChecked);
        var found = new List<BrokenStream>();
        var truncated = false;
        var next = Math.Min(Math.Max(State.Position, page.NextPosition), State.EndPosition);
        foreach (var e in page.Events)
        {
            if (e.Position >= State.EndPosition)
            {
                next = State.EndPosition;
                break;
            }

            if (_broken.Contains(e.StreamId) || await _checker.CheckAsync(e, CancellationToken.None) is not { } brokenAt)
            {
                continue;
            }

            _checker.Forget(e.StreamId);
            if (State.Broken.Count + found.Count < _options.MaxBrokenStreams)
            {
                _broken.Add(e.StreamId);
                found.Add(new BrokenStream(e.StreamId, brokenAt));
            }
            else
            {
                truncated = true;
            }
        }

        if (next <= State.Position && found.Count == 0)
        {
            return false;
        }

        var checkedNow = _checker.EventsChecked - events;
        var progress = new LogVerificationProgressed(next, _checker.StreamsChecked - streams, checkedNow, found, truncated);
        (await JournalAsync([progress])).EnsureCommitted("The verification job was changed concurrently.");
        IntegrityTelemetry.RecordChecked(checkedNow, found.Count);
        return true;
    }
}
