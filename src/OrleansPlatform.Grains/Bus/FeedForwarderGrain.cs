using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Publishing;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Journal of a forwarder: what it forwards and how far it got.</summary>
[GenerateSerializer, Alias("op.bus.FeedForwarderState")]
public sealed class FeedForwarderState : IJournalState
{
    [Id(0)] public EventStoreSource? Source { get; private set; }

    [Id(1)] public string? Topic { get; private set; }

    [Id(2)] public IReadOnlyList<string> Types { get; private set; } = [];

    [Id(3)] public long Position { get; private set; }

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case FeedForwarderGrain.Started started:
                (Source, Topic, Types, Position) = (started.Source, started.Topic, started.Types, Math.Max(Position, started.Position));
                break;
            case FeedForwarderGrain.Advanced advanced:
                Position = Math.Max(Position, advanced.Position);
                break;
        }
    }
}

/// <summary>
/// Copies matching events from the global feed into the subscription's internal topic, keyed by stream id (so each
/// stream stays in order) and with an event id derived from (stream, event id), so re-forwarding after a crash is
/// deduplicated by the topic. The feed's no-gap guarantee makes the journaled position a safe resume point.
/// </summary>
public sealed partial class FeedForwarderGrain(JournalServices journal, ILogger<FeedForwarderGrain> logger)
    : LogBackedGrain<FeedForwarderState>(journal), IFeedForwarderGrain, IRemindable
{
    private const int Page = 500;
    private const int MaxPagesPerTick = 20;
    private const string JournalPrefix = "$fwd:";

    // The journaled position is only where a restart resumes (forwarding is idempotent by derived event ids), so it
    // is written now and then rather than per page: after this many events read, or this long after the last write.
    private const int JournalEveryEvents = 10_000;
    private static readonly TimeSpan JournalInterval = TimeSpan.FromSeconds(5);

    private IGrainTimer? _tick;
    private bool _running;
    private DateTimeOffset _lastJournaled;

    // Reading runs ahead of the journal: what was scanned is never read again by this activation.
    private long _position;
    private long _readSinceJournal;

    protected override string LogStreamId => JournalPrefix + this.GetPrimaryKeyString();

    private IEventLog StoredLog => Log is PresentingEventLog presenting ? presenting.Stored : Log;

    protected override int? SnapshotThreshold => 200;

    // The position is all that matters: the entries behind a snapshot are never read back.
    protected override bool CompactBehindSnapshots => true;

    // A "started" entry holds the whole state, so it doubles as the snapshot.
    protected override object CreateSnapshot() => new Started(State.Source!, State.Topic!, State.Types, State.Position);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _position = State.Position;
        _lastJournaled = Time.GetUtcNow();
        if (State.Source is not null)
        {
            StartTicking();
        }
    }

    public async Task StartAsync(EventStoreSource source, string topic, IReadOnlyList<string> types, long position)
    {
        if (State.Source is null || State.Source != source || !State.Types.SequenceEqual(types))
        {
            await RecordAsync(new Started(source, topic, types, State.Source is null ? position : Math.Max(_position, State.Position)));
        }

        _position = Math.Max(_position, State.Position);
        StartTicking();
        await this.RegisterOrUpdateReminder("keep-forwarding", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public Task<long> GetPositionAsync() => Task.FromResult(Math.Max(_position, State.Position));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private void StartTicking() =>
        _tick ??= this.RegisterGrainTimer(_ => ForwardAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(200)) { KeepAlive = true });

    private async Task ForwardAsync()
    {
        if (_running || State.Source is not { } source || State.Topic is not { } topic)
        {
            return;
        }

        _running = true;
        try
        {
            for (var page = 0; page < MaxPagesPerTick; page++)
            {
                // Copies as stored: sealed events stay sealed in the copy (and go dark with their subject's key), and
                // the copy keeps the stored schema version, so reading it upcasts it like the original.
                var slice = await StoredLog.ReadAllAsync(new ReadAllRequest(_position, Page), CancellationToken.None);
                var messages = slice.Events
                    .Where(e => e.StreamId[0] != '$' && e.StreamId.StartsWith(source.StreamPrefix, StringComparison.Ordinal))
                    .Where(e => State.Types.Count == 0 || State.Types.Any(t => TypePattern.Matches(t, e.Type)))
                    .Select(ToMessage)
                    .ToList();
                if (messages.Count > 0)
                {
                    await TopicPublisher.PublishAsync(GrainFactory, topic, messages);
                }

                _position = Math.Max(_position, slice.NextPosition);
                _readSinceJournal += slice.Events.Count(e => !e.StreamId.StartsWith(JournalPrefix, StringComparison.Ordinal));
                await JournalPositionIfDueAsync();
                if (slice.Events.Count < Page)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing is lost: the position only moves after a successful publish; the next tick retries.
            LogForwardFailed(logger, ex, this.GetPrimaryKeyString());
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>
    /// Journals the read position when enough was read since the last time. Forwarders' journal entries do not count:
    /// they move the feed's end too, and counting them would keep idle forwarders journaling each other's entries forever.
    /// </summary>
    private async Task JournalPositionIfDueAsync()
    {
        if (_readSinceJournal == 0 || _position <= State.Position
            || (_readSinceJournal < JournalEveryEvents && Time.GetUtcNow() - _lastJournaled < JournalInterval))
        {
            return;
        }

        await RecordAsync(new Advanced(_position));
        _readSinceJournal = 0;
        _lastJournaled = Time.GetUtcNow();
    }

    private static OutgoingMessage ToMessage(RecordedEvent e) => new(
        DerivedId(e.StreamId, e.EventId),
        e.StreamId,
        e.Type,
        e.Data,
        MessagePriority.Normal,
        e.CorrelationId,
        new Dictionary<string, string>
        {
            ["streamId"] = e.StreamId,
            ["version"] = e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["position"] = e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["eventId"] = e.EventId.ToString(),
        },
        e.SchemaVersion);

    /// <summary>Event ids are unique per stream only; the topic needs one unique per (stream, event).</summary>
    private static Guid DerivedId(string streamId, Guid eventId) =>
        new(XxHash128.Hash(Encoding.UTF8.GetBytes($"{streamId}/{eventId:N}")));

    private async Task RecordAsync(object entry) =>
        (await JournalAsync([entry])).EnsureCommitted($"Forwarder '{this.GetPrimaryKeyString()}' was changed by another activation.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding the event store feed for subscription {Subscription} failed; retrying")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, string subscription);

    [EventType("FeedForwarderStarted.v1")]
    internal sealed record Started(EventStoreSource Source, string Topic, IReadOnlyList<string> Types, long Position);

    [EventType("FeedForwarderAdvanced.v1")]
    internal sealed record Advanced(long Position);
}
