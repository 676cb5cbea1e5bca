using Orleans.Concurrency;
using Orleans.Streams;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Grains.Schemas;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// One partition of a topic, keyed <c>{topic}/{partition}</c>, journaled in the log stream
/// <c>$topic:{topic}:{partition}</c>: offsets are that stream's versions minus one, positions are shared with the
/// event store. Its single activation is the partition's single writer, so events of one key keep their order.
/// </summary>
[Reentrant]
public sealed class TopicPartitionGrain(JournalServices journal, SchemaCatalog schemas)
    : LogBackedGrain<PartitionState>(journal), ITopicPartitionGrain
{
    private const int MaxDedupRounds = 3;
    private const int MaxBatchEvents = 5_000;

    private readonly List<PublishRequest> _queue = [];
    private bool _flushing;

    private TopicSettings? _settings;
    private long _settingsRevision = -1;

    private string Topic => BusRules.ParsePartitionKey(this.GetPrimaryKeyString()).Name;

    private int Partition => BusRules.ParsePartitionKey(this.GetPrimaryKeyString()).Partition;

    protected override string LogStreamId => LogStreamOf(Topic, Partition);

    protected override IJournalCodec Codec => RawJournalCodec.Instance;

    private IAsyncStream<long> Signals => this.GetStreamProvider(SubscriptionPartitionGrain.SignalProvider)
        .GetStream<long>(StreamId.Create(SubscriptionPartitionGrain.SignalNamespace, $"{Topic}/{Partition}"));

    public static string LogStreamOf(string topic, int partition) => $"$topic:{topic}:{partition}";

    public async Task<IReadOnlyList<PublishReceipt>> PublishAsync(IReadOnlyList<OutgoingMessage> messages)
    {
        var settings = _settings ?? await LoadSettingsAsync();
        MessageRules.EnsureValid(messages, settings.MaxEventBytes);
        PublishValidation.Validate(schemas, Topic, messages);
        await EnforceRateLimitAsync(messages, settings);
        var request = new PublishRequest(messages);
        _queue.Add(request);
        if (!_flushing)
        {
            _ = FlushAsync();
        }

        return await request.Completion.Task;
    }

    public Task UseSettingsAsync(TopicSettings settings, long revision)
    {
        Adopt(settings, revision);
        return Task.CompletedTask;
    }

    /// <summary>First publish of this activation: the topic's settings come from its grain, which pushes later changes.</summary>
    private async Task<TopicSettings> LoadSettingsAsync()
    {
        var info = await GrainFactory.GetGrain<ITopicGrain>(Topic).GetAsync() ?? throw new ResourceNotFoundException("topic", Topic);
        // A push may have arrived while this read was in flight (the grain is reentrant): the newer copy wins.
        Adopt(info.Settings, info.Revision);
        return _settings!;
    }

    private void Adopt(TopicSettings settings, long revision)
    {
        if (revision >= _settingsRevision)
        {
            _settings = settings;
            _settingsRevision = revision;
        }
    }

    /// <summary>
    /// The partition's single writer: publishes that arrive while a commit is in flight are written together in
    /// the next one, higher priority first (a call's own events keep their order, so a key's order never changes).
    /// </summary>
    private async Task FlushAsync()
    {
        _flushing = true;
        try
        {
            while (_queue.Count > 0)
            {
                var batch = TakeBatch();
                try
                {
                    await PublishBatchAsync(batch);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    batch.ForEach(r => r.Completion.TrySetException(ex));
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    private List<PublishRequest> TakeBatch()
    {
        var ordered = _queue.OrderByDescending(r => r.Priority).ToList();
        var batch = new List<PublishRequest>();
        var events = 0;
        foreach (var request in ordered)
        {
            if (batch.Count > 0 && events + request.Messages.Count > MaxBatchEvents)
            {
                break;
            }

            batch.Add(request);
            events += request.Messages.Count;
        }

        batch.ForEach(r => _queue.Remove(r));
        return batch;
    }

    private async Task PublishBatchAsync(List<PublishRequest> batch)
    {
        if (batch.Count > 1)
        {
            var start = State.EndOffset;
            var all = batch.SelectMany(r => r.Messages).ToList();
            var outcome = await PublishToJournalAsync(all);
            if (outcome.Committed)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetResult(request.Messages.Select((_, i) => new PublishReceipt(Topic, Partition, start + i)).ToList());
                    start += request.Messages.Count;
                }

                await AfterPublishAsync(all.Count);
                return;
            }
        }

        // One call, or a shared batch that was refused because some call repeats earlier event ids: settle each call
        // alone, so the repeats get their first receipts and the others are published normally.
        foreach (var request in batch)
        {
            try
            {
                request.Completion.TrySetResult(await PublishWithDedupAsync(request.Messages));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                request.Completion.TrySetException(ex);
            }
        }
    }

    private async Task<IReadOnlyList<PublishReceipt>> PublishWithDedupAsync(IReadOnlyList<OutgoingMessage> messages)
    {
        var receipts = new PublishReceipt?[messages.Count];
        var pending = Enumerable.Range(0, messages.Count).ToList();
        for (var round = 1; pending.Count > 0; round++)
        {
            var start = State.EndOffset;
            var outcome = await PublishToJournalAsync(pending.Select(i => messages[i]).ToList());
            if (outcome.Committed)
            {
                for (var j = 0; j < pending.Count; j++)
                {
                    receipts[pending[j]] = new PublishReceipt(Topic, Partition, start + j);
                }

                break;
            }

            // Refused: some event ids were published before (a retry). Answer those with their first receipt and
            // publish the rest; a stale activation instead just retries with the re-read offset.
            var found = await Log.FindByEventIdsAsync(LogStreamId, pending.Select(i => messages[i].EventId).ToList(), CancellationToken.None);
            foreach (var original in found)
            {
                var index = pending.First(i => messages[i].EventId == original.EventId);
                receipts[index] = new PublishReceipt(Topic, Partition, original.Version - 1, Duplicate: true);
                pending.Remove(index);
            }

            if (round >= MaxDedupRounds && pending.Count > 0)
            {
                throw new PlatformConflictException($"Partition {Partition} of topic '{Topic}' kept refusing the publish; try again.");
            }
        }

        await AfterPublishAsync(receipts.Count(r => r is { Duplicate: false }));
        return receipts.Select(r => r!).ToList();
    }

    private async Task AfterPublishAsync(int published)
    {
        BusTelemetry.Published(Topic, published);
        if (published > 0)
        {
            // A hint for subscribers to read now; they also poll, so a lost signal only delays delivery.
            await Signals.OnNextAsync(State.EndOffset);
        }
    }

    /// <summary>Appends the messages; a storage fault fails the publish (503), a conflict is the caller's to settle.</summary>
    private async Task<JournalOutcome> PublishToJournalAsync(IReadOnlyList<OutgoingMessage> messages)
    {
        // Never earlier than the last publish: retention purges by time and must only ever cut a prefix.
        var timestamp = Time.GetUtcNow() is var now && now > State.LastPublishedAt ? now : State.LastPublishedAt;
        var outcome = await JournalAsync(messages.Select(m => TopicMessageCodec.ToEventData(m, System.Diagnostics.Activity.Current?.Id) with { SchemaVersion = StoredSchemaVersion(m) }).ToList(), timestamp);
        return outcome.Status == JournalStatus.Fault ? throw outcome.Error! : outcome;
    }

    // Internal topics hold copies of stored events, which keep the version they were stored at (null included).
    private int? StoredSchemaVersion(OutgoingMessage m) =>
        Topic.StartsWith(Publishing.TopicNames.ReservedPrefix, StringComparison.Ordinal) ? m.SchemaVersion : m.SchemaVersion ?? schemas.LatestVersion(m.Type);

    public async Task<PartitionSlice> ReadAsync(long fromOffset, int limit)
    {
        var events = await Log.ReadStreamAsync(LogStreamId, fromOffset + 1, limit, ReadDirection.Forward, CancellationToken.None);
        var firstAvailable = events.Count > 0 ? events[0].Version - 1 : Math.Max(fromOffset, 0);
        if (events.Count > 0 && firstAvailable > fromOffset)
        {
            throw new RetentionExceededException(Topic, Partition, fromOffset, firstAvailable);
        }

        if (events.Count > 0 && await FirstRetainedOffsetAsync(events[0]) is { } retained)
        {
            throw new RetentionExceededException(Topic, Partition, fromOffset, retained);
        }

        return new PartitionSlice(events.Select(ToMessage).ToList(), firstAvailable, State.EndOffset);
    }

    /// <summary>
    /// When the dedup window outlasts the retention, the purge keeps rows for the window, but readers see only what is
    /// within the retention (otherwise what the purge left is what is readable, as ever). Timestamps never go back
    /// within a partition, so when <paramref name="first"/> is within it, so is the rest of the page (null); otherwise
    /// returns the oldest offset that is. The newest event always stays readable, as the purge always keeps it.
    /// </summary>
    private async Task<long?> FirstRetainedOffsetAsync(RecordedEvent first)
    {
        var settings = _settings ?? await LoadSettingsAsync();
        var cutoff = Time.GetUtcNow() - settings.Retention;
        if (settings.DedupWindow <= settings.Retention || first.Timestamp >= cutoff || first.Version >= State.EndOffset)
        {
            return null;
        }

        return ((await Log.FindVersionAtAsync(LogStreamId, cutoff, CancellationToken.None)) ?? State.EndOffset) - 1;
    }

    protected override async Task<(long Version, PartitionState State)> LoadStateAsync()
    {
        var info = await Log.GetStreamInfoAsync(LogStreamId, CancellationToken.None);
        return (info?.Version ?? 0, PartitionState.Starting(info?.Version ?? 0, info?.UpdatedAt ?? default));
    }

    private TopicMessage ToMessage(RecordedEvent e) => TopicMessageCodec.ToMessage(Topic, Partition, e);

    /// <summary>A publish call waiting for the partition's writer.</summary>
    private sealed class PublishRequest(IReadOnlyList<OutgoingMessage> messages)
    {
        public IReadOnlyList<OutgoingMessage> Messages { get; } = messages;

        public MessagePriority Priority { get; } = messages.Max(m => m.Priority);

        public TaskCompletionSource<IReadOnlyList<PublishReceipt>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The topic's token bucket (one for the whole topic); critical events never wait for it.</summary>
    private async Task EnforceRateLimitAsync(IReadOnlyList<OutgoingMessage> messages, TopicSettings settings)
    {
        var limited = messages.Count(m => m.Priority != MessagePriority.Critical);
        if (settings.RateLimit is not { } limit || limited == 0)
        {
            return;
        }

        if (limited > limit.Burst)
        {
            // However long it waited, the bucket never holds this many tokens: a 429 would be retried forever.
            throw new PlatformValidationException("events", $"{limited} rate-limited events in one call exceed the burst of topic '{Topic}' ({limit.Burst}); publish them in smaller batches.");
        }

        if (await GrainFactory.GetGrain<ITopicRateLimiterGrain>(Topic).TryAcquireAsync(limited, limit) is { } retryAfter)
        {
            throw new RateLimitedException($"topic '{Topic}'", retryAfter);
        }
    }
}
