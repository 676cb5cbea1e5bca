using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>An append prepared by a stream's single writer: versions follow <see cref="CurrentVersion"/>.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="CurrentVersion">The version the writer believes the stream has; the first event gets this plus one.</param>
/// <param name="Events">The events, in order.</param>
/// <param name="Timestamp">The append time stamped on every event.</param>
/// <param name="PreviousChecksum">The checksum of the stream's event at <see cref="CurrentVersion"/> (null at version 0 or when it has none).</param>
/// <param name="Checksums">Each event's chained checksum (see <see cref="Integrity.EventChecksum"/>), computed by the writer; null stores none.</param>
public sealed record PendingAppend(
    string StreamId, long CurrentVersion, IReadOnlyList<EventData> Events, DateTimeOffset Timestamp,
    string? PreviousChecksum = null, IReadOnlyList<string>? Checksums = null);

/// <summary>What storage did with one <see cref="PendingAppend"/>.</summary>
/// <param name="Committed">False when a version or event id already existed, so nothing of this append was kept.</param>
/// <param name="LastPosition">The global position of the append's last event, when committed.</param>
public readonly record struct AppendOutcome(bool Committed, long LastPosition)
{
    public static AppendOutcome Conflict => new(false, 0);
}

/// <summary>The durable event log: the single source of truth for streams and the global feed.</summary>
public interface IEventLog
{
    /// <summary>
    /// Writes many appends in one transaction. Each append is kept whole or not at all; a conflicting append does not
    /// fail the others.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken);

    Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken);

    /// <summary>Reads a page of the global feed; see <see cref="AllEventsSlice.NextPosition"/> for the no-skip promise.</summary>
    Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken);

    Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>The stream's events that carry any of <paramref name="eventIds"/>, in version order.</summary>
    Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the stream's events appended before <paramref name="cutoff"/>, always keeping its newest event so the
    /// stream's version (a topic partition's next offset) survives. Returns how many were deleted.
    /// </summary>
    Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>The version of the stream's first event appended at or after <paramref name="time"/>, or null.</summary>
    Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>
    /// The lowest global position among events stamped from the first stamp at or after <paramref name="time"/> to
    /// <paramref name="window"/> after that stamp, or null when no event is stamped at or after <paramref name="time"/>.
    /// An index on the stamp keeps this a short range scan however long the log is.
    /// </summary>
    Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>A global position from which a reader sees only events committed from now on (and none it could miss).</summary>
    Task<long> GetEndPositionAsync(CancellationToken cancellationToken);

    /// <summary>Throws when storage cannot be reached; used by readiness checks.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
