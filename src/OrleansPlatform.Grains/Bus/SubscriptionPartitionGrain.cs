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
/// Webhook delivery runs in <see cref="DeliveryPump"/>; pull consumers drive it through Pull/Ack/Nack (the .Pull.cs part).
/// </summary>
public sealed partial class SubscriptionPartitionGrain(
    JournalServices journal,
    WebhookDeliverer deliverer,
    ILogger<SubscriptionPartitionGrain> logger)
    : LogBackedGrain<SubscriptionPartitionState>(journal), ISubscriptionPartitionGrain, IRemindable, IDeliveryHost
{
    public const string SignalProvider = "bus-signals";
    public const string SignalNamespace = "topic-partition";

    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    private readonly PullLeases _leases = new(journal.Time);
    private DeliveryPump? _pump;
    private IGrainTimer? _tick;
    private long _knownEnd;

    private int Partition => BusRules.ParsePartitionKey(this.GetPrimaryKeyString()).Partition;

    protected override string LogStreamId => $"$sub:{this.GetPrimaryKeyString().Replace('/', ':')}";

    protected override int? SnapshotThreshold => 200;

    // Checkpoints and dead letters live in the snapshot; the entries behind it are never read back.
    protected override bool CompactBehindSnapshots => true;

    protected override object CreateSnapshot() => State.ToSnapshot();

    SubscriptionPartitionState IDeliveryHost.Progress => State;

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
        var end = await ReadEndOffsetAsync();
        var done = State.Checkpoint + State.Completed.Count(o => o < end);
        var progress = new PartitionProgress(Partition, State.Checkpoint, end, Math.Max(0, end - done), State.Delivered, State.Failed, State.DeadLetteredTotal,
            _pump?.ParkedKeys ?? []);
        return (progress, State.DeadLetters.Values.ToList());
    }

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
            _leases.Reset(State.Checkpoint);
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

    /// <summary>The offset the topic partition's next event will get.</summary>
    private async Task<long> ReadEndOffsetAsync() => (await Log.GetStreamInfoAsync(TopicStream, CancellationToken.None))?.Version ?? 0;

    public async Task<IReadOnlyList<TopicMessage>> ReadMessagesAsync(long fromOffset, int limit)
    {
        var events = await Log.ReadStreamAsync(TopicStream, fromOffset + 1, limit, ReadDirection.Forward, CancellationToken.None);
        return events.Select(e => TopicMessageCodec.ToMessage(Settings.Topic, Partition, e)).ToList();
    }

    public Task DeadLetterAsync(long offset, TopicMessage? message, int attempts, string error, int failed)
    {
        BusTelemetry.DeadLettered(State.Subscription!);
        LogDeadLettered(logger, State.Subscription!, Partition, offset, attempts, error);
        var letter = new DeadLetter($"{Partition}-{offset}", Partition, offset, message?.EventId ?? Guid.Empty, message?.Key,
            message?.Type ?? "", attempts, $"Delivery failed {attempts} times", error, Time.GetUtcNow());
        return RecordAsync(new SubscriptionJournal.DeadLettered(letter, failed));
    }

    /// <summary>
    /// Appends one journal entry. Called only on this grain's turns (its calls, and delivery rounds on its
    /// non-interleaving timer), so one write never overlaps another.
    /// </summary>
    public async Task RecordAsync(object entry) =>
        (await JournalAsync([entry])).EnsureCommitted($"Subscription partition '{this.GetPrimaryKeyString()}' was changed by another activation; retry.");

    private async Task StartDeliveryAsync()
    {
        // Lag is reported for pull subscriptions too: from the log's end now, then moved on by publish signals.
        _knownEnd = Math.Max(_knownEnd, await ReadEndOffsetAsync());
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

        // Delivery rounds run on this timer's turns (never interleaved with calls, so their journal writes need no
        // lock); a kick brings the next tick forward. The ticks in between cover signals lost while no silo listened
        // and retries whose wake-up was lost with an activation.
        _tick ??= this.RegisterGrainTimer(_ => _pump?.RunRoundAsync() ?? Task.CompletedTask,
            new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = false, KeepAlive = true });
        _pump ??= new DeliveryPump(this, deliverer, Time, Random.Shared.NextDouble, RequestRound, logger);
        _pump.Start(State.Checkpoint);
        await this.RegisterOrUpdateReminder("keep-delivering", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs a delivery round on the timer's next turn: now, or right after the turn under way.</summary>
    private void RequestRound() => _tick?.Change(TimeSpan.Zero, TickPeriod);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription} dead-lettered partition {Partition} offset {Offset} after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string subscription, int partition, long offset, int attempts, string error);
}
