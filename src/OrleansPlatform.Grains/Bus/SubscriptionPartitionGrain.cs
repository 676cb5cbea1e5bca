using Microsoft.Extensions.Logging;
using Orleans.Streams;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// One partition of a subscription, journaled in <c>$sub:{subscription}:{partition}</c>. The journal holds the
/// checkpoint, the offsets finished out of order and the dead letters, so a restarted silo resumes exactly there.
/// Webhook delivery runs in <see cref="DeliveryPump"/>; pull consumers drive it through Pull/Ack/Nack.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never allocates a wait handle, so it holds nothing to dispose.")]
public sealed partial class SubscriptionPartitionGrain(
    JournalServices journal,
    WebhookDeliverer deliverer,
    ILogger<SubscriptionPartitionGrain> logger)
    : LogBackedGrain<SubscriptionPartitionState>(journal), ISubscriptionPartitionGrain, IRemindable
{
    public const string SignalProvider = "bus-signals";
    public const string SignalNamespace = "topic-partition";

    private static readonly TimeSpan PullLease = TimeSpan.FromSeconds(30);

    // Journal writes come from grain calls and from the pump's turns; one at a time keeps outcomes apart.
    private readonly SemaphoreSlim _journal = new(1, 1);
    private readonly Dictionary<long, int> _pullAttempts = [];
    private DeliveryPump? _pump;
    private IGrainTimer? _tick;
    private long _pullCursor = -1;
    private long _knownEnd;

    // A pull partition hands out one batch at a time (like a partition assigned to one consumer): until the batch is
    // acknowledged or its lease runs out, later pulls get nothing new from it. An acknowledgement is cumulative, so
    // handing out later events meanwhile would let a consumer acknowledge past a batch another (or a crashed) consumer
    // still holds. Only progress renews the lease; polling does not. The set holds the new events handed out and not
    // yet acknowledged (what an ack counts as delivered, not the events the filter skipped).
    private readonly SortedSet<long> _handedOut = [];
    private DateTimeOffset _pullLeaseUntil;

    // Redriven events handed out by pulls (they lie below the checkpoint, so a cumulative ack cannot cover them): each
    // is handed out once per lease, and belongs to the batch (numbered per pull) it went out with.
    private readonly Dictionary<long, RedriveLease> _redriveLeases = [];
    private long _batches;

    private int Partition => BusRules.ParsePartitionKey(this.GetPrimaryKeyString()).Partition;

    protected override string LogStreamId => $"$sub:{this.GetPrimaryKeyString().Replace('/', ':')}";

    protected override int? SnapshotThreshold => 200;

    // Checkpoints and dead letters live in the snapshot; the entries behind it are never read back.
    protected override bool CompactBehindSnapshots => true;

    protected override object CreateSnapshot() => State.ToSnapshot();

    internal SubscriptionPartitionState Progress => State;

    private SubscriptionSettings Settings => State.Settings ?? throw new ResourceNotFoundException("subscription", this.GetPrimaryKeyString());

    private string TopicStream => TopicPartitionGrain.LogStreamOf(Settings.Topic, Partition);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Settings is not null)
        {
            await StartDeliveryAsync();
        }
    }

    public async Task StartAsync(string subscription, SubscriptionSettings settings, long startOffset)
    {
        if (State.Settings is null)
        {
            await RecordAsync(new SubscriptionJournal.Started(subscription, settings, startOffset));
        }
        else if (BusJson.Write(State.Settings) != BusJson.Write(settings))
        {
            await RecordAsync(new SubscriptionJournal.SettingsChanged(settings));
        }

        await StartDeliveryAsync();
    }

    public Task NotifyAsync()
    {
        _pump?.Kick();
        return Task.CompletedTask;
    }

    public async Task<(PartitionProgress Progress, IReadOnlyList<DeadLetter> DeadLetters)> GetProgressAsync()
    {
        var end = (await Log.GetStreamInfoAsync(TopicStream, CancellationToken.None))?.Version ?? 0;
        var done = State.Checkpoint + State.Completed.Count(o => o < end);
        var progress = new PartitionProgress(Partition, State.Checkpoint, end, Math.Max(0, end - done), State.Delivered, State.Failed, State.DeadLetteredTotal);
        return (progress, State.DeadLetters.Values.ToList());
    }

    public async Task<IReadOnlyList<TopicMessage>> PullAsync(int max)
    {
        EnsurePull();
        var now = Time.GetUtcNow();
        var outstanding = HoldsBatch;
        if (_pullCursor < State.Checkpoint || (outstanding && now > _pullLeaseUntil))
        {
            // Nothing acknowledged within the lease: hand the unacknowledged events out again (at-least-once).
            _pullCursor = State.Checkpoint;
            _handedOut.Clear();
            outstanding = false;
        }

        var batch = ++_batches;
        var messages = new List<TopicMessage>();
        var redriven = new List<long>();
        foreach (var offset in State.Redrive.Where(o => !_redriveLeases.TryGetValue(o, out var lease) || now > lease.Until).Take(max))
        {
            if (await ReadMessageAtAsync(offset) is { } message)
            {
                messages.Add(message);
            }

            redriven.Add(offset);
        }

        var firstNew = messages.Count;

        // Read into a local cursor: if anything below fails, nothing was handed out and the next pull reads again.
        var cursor = _pullCursor;
        if (!outstanding)
        {
            // Events the filter skips right at the checkpoint are nobody's to acknowledge: complete them here, or the
            // partition would report them as lag (and redeliver nothing) until the consumer's next acknowledgement.
            var skippedFromCheckpoint = cursor == State.Checkpoint;
            var skippedUpTo = -1L;
            while (messages.Count < max)
            {
                var page = await ReadMessagesAsync(cursor, max - messages.Count);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var message in page)
                {
                    if (State.IsDone(message.Offset) || !Settings.Accepts(message.Type))
                    {
                        skippedUpTo = skippedFromCheckpoint ? message.Offset : skippedUpTo;
                        continue;
                    }

                    skippedFromCheckpoint = false;
                    messages.Add(message);
                }

                cursor = page[^1].Offset + 1;
            }

            if (skippedUpTo >= State.Checkpoint)
            {
                await RecordAsync(new SubscriptionJournal.AckedUpTo(skippedUpTo, 0));
            }
        }

        _pullCursor = cursor;
        _knownEnd = Math.Max(_knownEnd, cursor);
        var lastNew = messages.Count > firstNew ? messages[^1].Offset : -1;
        if (lastNew >= 0)
        {
            _pullLeaseUntil = now + PullLease;
            _handedOut.UnionWith(messages.Skip(firstNew).Select(m => m.Offset));
        }

        redriven.ForEach(o => _redriveLeases[o] = new RedriveLease(batch, lastNew, now + PullLease));
        return messages;
    }

    public async Task AckAsync(long offset)
    {
        EnsurePull();
        if (State.Redrive.Contains(offset))
        {
            var lease = _redriveLeases.TryGetValue(offset, out var found) ? found : throw NotHandedOut(offset);
            await CompleteRedrivenAsync(_redriveLeases.Where(l => l.Value.Batch == lease.Batch && l.Key <= offset).Select(l => l.Key).ToList());
            return;
        }

        if (offset >= _pullCursor)
        {
            // Never published: acknowledging it would silently skip the next events. Published but not handed out
            // since the cursor last moved back (a seek, an expired lease, a restart): an old batch's ack must not
            // undo that, the events are handed out again.
            var end = (await Log.GetStreamInfoAsync(TopicStream, CancellationToken.None))?.Version ?? 0;
            throw offset >= end
                ? new PlatformValidationException("offset", $"Partition {Partition} has no event at offset {offset} yet.")
                : NotHandedOut(offset);
        }

        if (offset >= State.Checkpoint)
        {
            // The whole batch acknowledged: the events read past it were ones the filter skips, done as well.
            var upTo = HoldsBatch && offset >= _handedOut.Max ? Math.Max(offset, _pullCursor - 1) : offset;
            var delivered = _handedOut.GetViewBetween(State.Checkpoint, offset).Count;
            await RecordAsync(new SubscriptionJournal.AckedUpTo(upTo, delivered));
            _handedOut.RemoveWhere(o => o <= upTo);
            BusTelemetry.Acknowledged(State.Subscription!, delivered);
            _pullAttempts.Keys.Where(o => o <= upTo).ToList().ForEach(o => _pullAttempts.Remove(o));
            _pullLeaseUntil = Time.GetUtcNow() + PullLease;
        }

        // Redriven events that went out with a batch of new events are done once that batch is.
        await CompleteRedrivenAsync(_redriveLeases.Where(l => l.Value.LastNew >= 0 && l.Value.LastNew <= offset).Select(l => l.Key).ToList());
    }

    public async Task GiveUpAsync(long offset, int attempts, string error)
    {
        EnsurePull();
        if (State.IsDone(offset) && !State.Redrive.Contains(offset))
        {
            return; // already done: a repeated call after a timeout
        }

        EnsureHandedOut(offset);
        await DeadLetterAsync(offset, await ReadMessageAtAsync(offset), attempts, error, attempts);
        _pullAttempts.Remove(offset);
        _redriveLeases.Remove(offset);
    }

    public async Task NackAsync(long offset, string error)
    {
        EnsurePull();
        EnsureHandedOut(offset);
        var attempts = _pullAttempts[offset] = _pullAttempts.GetValueOrDefault(offset) + 1;
        BusTelemetry.Retried(State.Subscription!);
        var deadLettered = attempts >= Settings.MaxAttempts;
        if (deadLettered)
        {
            await DeadLetterAsync(offset, await ReadMessageAtAsync(offset), attempts, error, attempts);
            _pullAttempts.Remove(offset);
        }

        if (_redriveLeases.Remove(offset))
        {
            return; // a redriven event: handed out again by the next pull (unless dead-lettered again)
        }

        if (HoldsBatch && offset >= State.Checkpoint && offset <= _handedOut.Max)
        {
            // The consumer stopped at this event of the batch it holds: hand it (unless dead-lettered) and everything
            // after it out again. Other consumers' batches are left alone.
            _pullCursor = Math.Min(_pullCursor, deadLettered ? offset + 1 : offset);
            _handedOut.RemoveWhere(o => o >= offset);
        }
    }

    private async Task CompleteRedrivenAsync(List<long> offsets)
    {
        offsets.ForEach(o => _redriveLeases.Remove(o));
        var pending = offsets.Where(State.Redrive.Contains).ToList();
        if (pending.Count > 0)
        {
            await RecordAsync(new SubscriptionJournal.Completed(pending, pending.Count, 0));
            BusTelemetry.Acknowledged(State.Subscription!, pending.Count);
        }
    }

    /// <summary>Nack and give-up name an event this partition handed out (and has not seen finished).</summary>
    private void EnsureHandedOut(long offset)
    {
        var handedOut = State.Redrive.Contains(offset)
            ? _redriveLeases.ContainsKey(offset)
            : offset >= State.Checkpoint && offset < _pullCursor;
        if (!handedOut)
        {
            throw offset < 0 ? new PlatformValidationException("offset", "Offsets start at 0.") : NotHandedOut(offset);
        }
    }

    /// <summary>A batch is out with a consumer while some event it handed out lies at or above the checkpoint.</summary>
    private bool HoldsBatch => _handedOut.Count > 0 && _handedOut.Max >= State.Checkpoint;

    private PlatformConflictException NotHandedOut(long offset) => new(
        $"Offset {offset} of partition {Partition} is not out with a consumer (never handed out, already finished, or handed out before a seek, an expired lease or a restart); pull again.");

    public async Task<int> RedriveAsync(IReadOnlyList<long>? offsets)
    {
        var chosen = (offsets is { Count: > 0 } ? offsets.Where(State.DeadLetters.ContainsKey) : State.DeadLetters.Keys).Order().ToList();
        if (chosen.Count > 0)
        {
            await RecordAsync(new SubscriptionJournal.Redriven(chosen));
            _pump?.Kick();
        }

        return chosen.Count;
    }

    public async Task<bool> DeleteDeadLetterAsync(long offset)
    {
        if (!State.DeadLetters.ContainsKey(offset))
        {
            return false;
        }

        await RecordAsync(new SubscriptionJournal.DeadLetterDeleted(offset));
        return true;
    }

    public async Task SeekAsync(long offset)
    {
        // Invalidate the pump first: its outcomes still waiting to be journaled belong to before the seek.
        _pump?.Invalidate();
        try
        {
            await RecordAsync(new SubscriptionJournal.Seeked(Math.Max(0, offset)));
        }
        finally
        {
            // Even when the seek could not be journaled the pump must start over: invalidating it stranded its
            // in-flight deliveries. The state was re-read after a failed write, so its checkpoint is the true one.
            _pullCursor = State.Checkpoint;
            _redriveLeases.Clear();
            _handedOut.Clear();
            _pump?.Restart(State.Checkpoint);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The reminder's job is to (re)activate this grain on a live silo; activation restarts delivery.
        _pump?.Kick();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pump?.Dispose();
        _tick?.Dispose();
        BusTelemetry.UntrackLag(this.GetPrimaryKeyString());
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>The event at <paramref name="offset"/>, or null when retention purged it.</summary>
    private async Task<TopicMessage?> ReadMessageAtAsync(long offset) =>
        await ReadMessagesAsync(offset, 1) is [var found, ..] && found.Offset == offset ? found : null;

    internal async Task<IReadOnlyList<TopicMessage>> ReadMessagesAsync(long fromOffset, int limit)
    {
        var events = await Log.ReadStreamAsync(TopicStream, fromOffset + 1, limit, ReadDirection.Forward, CancellationToken.None);
        return events.Select(e => TopicMessageCodec.ToMessage(Settings.Topic, Partition, e)).ToList();
    }

    internal Task DeadLetterAsync(long offset, TopicMessage? message, int attempts, string error, int failed, Func<bool>? stillValid = null)
    {
        BusTelemetry.DeadLettered(State.Subscription!);
        LogDeadLettered(logger, State.Subscription!, Partition, offset, attempts, error);
        var letter = new DeadLetter($"{Partition}-{offset}", Partition, offset, message?.EventId ?? Guid.Empty, message?.Key,
            message?.Type ?? "", attempts, $"Delivery failed {attempts} times", error, Time.GetUtcNow());
        return RecordAsync(new SubscriptionJournal.DeadLettered(letter, failed), stillValid);
    }

    /// <summary>Appends one journal entry; <paramref name="stillValid"/>, checked once this write's turn has come, drops it when false (a seek made it stale).</summary>
    internal async Task RecordAsync(object entry, Func<bool>? stillValid = null)
    {
        await _journal.WaitAsync();
        try
        {
            if (stillValid?.Invoke() == false)
            {
                return;
            }

            (await JournalAsync([entry])).EnsureCommitted($"Subscription partition '{this.GetPrimaryKeyString()}' was changed by another activation; retry.");
        }
        finally
        {
            _journal.Release();
        }
    }

    private async Task StartDeliveryAsync()
    {
        // Lag is reported for pull subscriptions too: from the log's end now, then moved on by publish signals.
        _knownEnd = Math.Max(_knownEnd, (await Log.GetStreamInfoAsync(TopicStream, CancellationToken.None))?.Version ?? 0);
        BusTelemetry.TrackLag(this.GetPrimaryKeyString(), () => Math.Max(0, _knownEnd - State.Checkpoint));
        await ListenForPublishesAsync();
        if (Settings.Delivery.Kind != DeliveryKind.Webhook)
        {
            _pump?.Dispose();
            _pump = null;
            _tick?.Dispose();
            _tick = null;
            return;
        }

        _pump ??= new DeliveryPump(this, deliverer, Time, Random.Shared.NextDouble, logger);
        _pump.Start(State.Checkpoint);
        // The tick covers signals lost while no silo listened and retries whose wake-up was lost with an activation.
        _tick ??= this.RegisterGrainTimer(_ =>
        {
            _pump?.Kick();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
        await this.RegisterOrUpdateReminder("keep-delivering", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Subscribes (once; later activations resume it) to the topic partition's "new events" signal.</summary>
    private async Task ListenForPublishesAsync()
    {
        var signals = this.GetStreamProvider(SignalProvider).GetStream<long>(StreamId.Create(SignalNamespace, $"{Settings.Topic}/{Partition}"));
        var handles = await signals.GetAllSubscriptionHandles();
        foreach (var handle in handles)
        {
            await handle.ResumeAsync(OnSignalAsync);
        }

        if (handles.Count == 0)
        {
            await signals.SubscribeAsync(OnSignalAsync);
        }
    }

    private Task OnSignalAsync(long endOffset, StreamSequenceToken? token)
    {
        _knownEnd = Math.Max(_knownEnd, endOffset);
        return NotifyAsync();
    }

    private void EnsurePull()
    {
        if (Settings.Delivery.Kind != DeliveryKind.Pull)
        {
            throw new PlatformConflictException($"Subscription '{State.Subscription}' delivers by webhook; it cannot be pulled or acknowledged.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription} dead-lettered partition {Partition} offset {Offset} after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string subscription, int partition, long offset, int attempts, string error);

    /// <summary>A redriven event out with a consumer: the pull it went out with, that pull's last new event (-1: none), until when.</summary>
    private readonly record struct RedriveLease(long Batch, long LastNew, DateTimeOffset Until);
}
