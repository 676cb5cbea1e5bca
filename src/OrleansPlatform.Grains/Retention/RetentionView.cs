using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Retention;

namespace OrleansPlatform.Grains.Retention;

/// <summary>
/// Applies streams' retention metadata to public reads, so an event stops being read the moment it falls out of
/// retention, whether or not the reclaim job has deleted its row yet. Internal readers (folds, projections, the bus)
/// read the log directly and are not affected.
/// </summary>
public sealed class RetentionView(IStreamMetadataStore store, TimeProvider time)
{
    /// <summary>
    /// The stream's summary and retention metadata (null when it has none), looked up side by side; throws
    /// <see cref="StreamNotFoundException"/> when the stream has no events, or is deleted with nothing appended since.
    /// </summary>
    public async Task<(StreamInfo Info, StreamMetadata? Metadata)> ForStreamAsync(IEventLog log, string streamId)
    {
        var reading = log.GetStreamInfoAsync(streamId, CancellationToken.None);
        var looking = store.GetAsync(streamId, CancellationToken.None);
        await Task.WhenAll(reading, looking);
        var info = await reading ?? throw new StreamNotFoundException(streamId);
        if (await looking is not { } stored)
        {
            return (info, null);
        }

        if (stored.DeletedAt is not null && info.Version < (stored.Metadata.TruncateBefore ?? 0))
        {
            throw new StreamNotFoundException(streamId);
        }

        return (info, stored.Metadata);
    }

    /// <summary>
    /// The first version of the stream still retained (by maxCount, truncateBefore and maxAge), or null when the stream
    /// has no retention metadata; one lookup when it has none.
    /// </summary>
    public async Task<long?> FirstRetainedVersionAsync(IEventLog log, string streamId)
    {
        if (await store.GetAsync(streamId, CancellationToken.None) is not { HardDeleted: false } stored)
        {
            return null;
        }

        var last = (await log.GetStreamInfoAsync(streamId, CancellationToken.None))?.Version ?? 0;
        return await FirstRetainedVersionAsync(log, streamId, stored.Metadata, last);
    }

    /// <summary>The first version still retained under <paramref name="metadata"/> of a stream now at <paramref name="lastVersion"/>.</summary>
    public async Task<long> FirstRetainedVersionAsync(IEventLog log, string streamId, StreamMetadata metadata, long lastVersion)
    {
        var first = metadata.FirstRetainedVersion(lastVersion);
        if (metadata.MaxAge is { } age)
        {
            // A stream's stamps only grow, so the events too old are exactly those below the first young one.
            first = Math.Max(first, await log.FindVersionAtAsync(streamId, time.GetUtcNow() - age, CancellationToken.None) ?? lastVersion + 1);
        }

        return first;
    }

    /// <summary>The first version a read of a stream at <paramref name="lastVersion"/> may start at.</summary>
    public static long StartFor(StreamMetadata? metadata, long lastVersion, long fromVersion) =>
        metadata is null ? fromVersion : Math.Max(fromVersion, metadata.FirstRetainedVersion(lastVersion));

    /// <summary>The events of one stream still retained.</summary>
    public IReadOnlyList<RecordedEvent> Filter(StreamMetadata? metadata, long lastVersion, IReadOnlyList<RecordedEvent> events)
    {
        if (metadata is null)
        {
            return events;
        }

        var now = time.GetUtcNow();
        return events.Where(e => metadata.IsRetained(e.Version, e.Timestamp, lastVersion, now)).ToList();
    }

    /// <summary>
    /// The page without events no longer retained. <see cref="AllEventsSlice.NextPosition"/> is kept, so a reader
    /// continues past hidden events and never sees them again.
    /// </summary>
    public async Task<AllEventsSlice> FilterAsync(AllEventsSlice slice, IEventLog log)
    {
        if (slice.Events.Count == 0)
        {
            return slice;
        }

        var streams = slice.Events.Select(e => e.StreamId).Distinct(StringComparer.Ordinal).ToList();
        var metadata = await store.GetManyAsync(streams, CancellationToken.None);
        if (metadata.Count == 0)
        {
            return slice;
        }

        var lastVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var streamId in metadata.Keys)
        {
            // Only count-based retention depends on the stream's head; the others need no extra read.
            var needsHead = metadata[streamId].Metadata.MaxCount is not null;
            lastVersions[streamId] = needsHead ? (await log.GetStreamInfoAsync(streamId, CancellationToken.None))?.Version ?? 0 : long.MaxValue;
        }

        var now = time.GetUtcNow();
        var kept = slice.Events
            .Where(e => !metadata.TryGetValue(e.StreamId, out var m) || m.Metadata.IsRetained(e.Version, e.Timestamp, lastVersions[e.StreamId], now))
            .ToList();
        return kept.Count == slice.Events.Count ? slice : slice with { Events = kept };
    }
}
