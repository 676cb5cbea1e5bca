using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Erasure;
using OrleansPlatform.Grains.Retention;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Grains.Snapshots;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>
/// A stream's single writer. Expected versions are checked in memory; the appends go through the silo's group
/// commit, and the database's unique (stream, version) and (stream, event id) keys catch a second activation.
/// </summary>
public sealed partial class EventStreamGrain(
    JournalServices journal, IOptions<EventStoreOptions> options, SchemaCatalog schemas, SubjectKeyring keyring, SnapshotScheduler snapshots,
    StreamDeletion deletion)
    : LogBackedGrain<EventStreamState>(journal), IEventStreamGrain
{
    // A stale activation may lose a race against the database; after re-reading it tries again this many times.
    private const int MaxStorageConflicts = 3;

    private string StreamId => this.GetPrimaryKeyString();

    protected override string LogStreamId => StreamId;

    protected override IJournalCodec Codec => RawJournalCodec.Instance;

    public async Task<AppendResult> AppendAsync(AppendRequest request)
    {
        using var activity = EventStoreTelemetry.Source.StartActivity("eventstore.append");
        activity?.SetTag("eventstore.stream", StreamId);
        activity?.SetTag("eventstore.events", request.Events?.Count ?? 0);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await AppendCheckedAsync(request);
            EventStoreTelemetry.Record(result.Duplicate ? "duplicate" : "committed", started);
            return result;
        }
        catch (WrongExpectedVersionException)
        {
            EventStoreTelemetry.Record("conflict", started);
            throw;
        }
    }

    private async Task<AppendResult> AppendCheckedAsync(AppendRequest request)
    {
        EventStoreRules.EnsureValidAppend(StreamId, request, options.Value.MaxEventBytes);
        // Validated as plaintext, then sealed: the subject's events never reach storage unencrypted.
        var events = await AppendSealing.SealAsync(keyring, AppendValidation.Validate(schemas, request.Events));
        await StartAgainIfHardDeletedAsync(request.ExpectedVersion);
        for (var attempt = 1; ; attempt++)
        {
            var current = State.Version;
            if (!request.ExpectedVersion.IsSatisfiedBy(current))
            {
                return await ReplayOrThrowAsync(request, current);
            }

            // Never earlier than the stream's last event: reads by time rely on a stream's times only growing.
            var timestamp = Max(Time.GetUtcNow(), State.UpdatedAt);
            var outcome = await JournalAsync(events, timestamp);
            if (outcome.Status == JournalStatus.Fault)
            {
                throw outcome.Error!;
            }

            if (outcome.Committed)
            {
                // Off the append's path: the snapshot grain folds and saves on its own turn.
                snapshots.AfterAppend(StreamId, current, current + request.Events.Count);
                return new AppendResult(StreamId, current + 1, current + request.Events.Count, outcome.LastPosition);
            }

            // Storage refused it: this exact append already happened (a retry), an event id is taken elsewhere in
            // the stream, or another writer moved the version. The view now holds the true version.
            var replay = await FindReplayAsync(request);
            if (replay.Result is { } result)
            {
                return result;
            }

            if (replay.IdsTaken || attempt >= MaxStorageConflicts)
            {
                throw new WrongExpectedVersionException(StreamId, request.ExpectedVersion, State.Version);
            }
        }
    }

    public async Task<StreamInfo?> GetInfoAsync() => State.Version == 0 || await deletion.IsSoftDeletedAsync(StreamId, State.Version)
        ? null
        : new StreamInfo(StreamId, State.Version, State.CreatedAt, State.UpdatedAt);

    /// <summary>
    /// A stream's writer needs only its summary, not a fold of its (possibly huge) history, and whether its id was
    /// hard-deleted (finishing an erasure that a crash interrupted).
    /// </summary>
    protected override async Task<(long Version, EventStreamState State)> LoadStateAsync()
    {
        var loading = Log.GetStreamInfoAsync(StreamId, CancellationToken.None);
        _hardDeleted = await deletion.IsHardDeletedAsync(StreamId);
        var info = await loading;
        if (_hardDeleted && info is not null)
        {
            await deletion.EraseAsync(StreamId);
            info = null;
        }

        return (info?.Version ?? 0, EventStreamState.From(info));
    }

    private async Task<AppendResult> ReplayOrThrowAsync(AppendRequest request, long current)
    {
        var replay = await FindReplayAsync(request);
        return replay.Result ?? throw new WrongExpectedVersionException(StreamId, request.ExpectedVersion, current);
    }

    /// <summary>Looks the request's event ids up: an identical earlier append is returned as a duplicate.</summary>
    private async Task<Replay> FindReplayAsync(AppendRequest request)
    {
        var ids = request.Events.Select(e => e.EventId).ToList();
        var found = await Log.FindByEventIdsAsync(StreamId, ids, CancellationToken.None);
        if (found.Count == 0)
        {
            return new Replay(null, false);
        }

        var first = found[0].Version;
        var sameAppend = found.Count == ids.Count
            && found.Select((e, i) => e.EventId == ids[i] && e.Version == first + i).All(match => match)
            && (!request.ExpectedVersion.IsExact || request.ExpectedVersion.Value == first - 1);
        return sameAppend
            ? new Replay(new AppendResult(StreamId, first, found[^1].Version, found[^1].Position, Duplicate: true), true)
            : new Replay(null, true);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private readonly record struct Replay(AppendResult? Result, bool IdsTaken);
}
