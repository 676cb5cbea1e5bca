using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Contracts.TimeTravel;

namespace OrleansPlatform.Client;

/// <summary>
/// The event store as a .NET service uses it: same semantics as the HTTP API, errors as typed exceptions
/// (<see cref="Contracts.Errors.WrongExpectedVersionException"/>, <see cref="Contracts.Errors.StreamNotFoundException"/>,
/// <see cref="Contracts.Errors.PlatformValidationException"/>, <see cref="Contracts.Errors.EventTooLargeException"/>).
/// </summary>
public interface IEventStore
{
    /// <summary>Appends events atomically when <paramref name="expectedVersion"/> holds; idempotent by event id.</summary>
    Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of one stream.</summary>
    Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion = 1, int limit = 100, ReadDirection direction = ReadDirection.Forward, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a page of one stream as stored: each event at the schema version it was appended at, no upcast
    /// (<see cref="ReadStreamAsync"/> shows events of a registered type at the latest version).
    /// </summary>
    Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion = 1, int limit = 100, ReadDirection direction = ReadDirection.Forward, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a page of the global feed; continue from <see cref="AllEventsSlice.NextPosition"/>. Events come at the
    /// latest schema version unless <see cref="ReadAllRequest.Raw"/> is set.
    /// </summary>
    Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a page of the global feed holding only events stamped at or after <paramref name="fromTime"/>, starting at
    /// the first such event (found through the index by time, not a scan) or at <see cref="ReadAllRequest.FromPosition"/>
    /// when that is later. Continue with <see cref="ReadAllAsync"/> from <see cref="AllEventsSlice.NextPosition"/>, or call
    /// this again with that position to keep leaving out events stamped earlier.
    /// </summary>
    /// <param name="request">Position to start no earlier than (0 for the whole feed), page size and filters.</param>
    /// <param name="fromTime">The time the feed starts at.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    Task<AllEventsSlice> ReadAllFromTimeAsync(ReadAllRequest request, DateTimeOffset fromTime, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the stream (<c>DELETE /streams/{id}</c>). Soft by default: its events so far read as gone and the next
    /// append continues at its version. <paramref name="hard"/> erases its events and snapshots; the id then takes
    /// only an append with <see cref="ExpectedVersion.NoStream"/>. A hard delete is an admin's act: give this client
    /// only to code that may do it.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="hard">Erase rather than hide.</param>
    /// <param name="expected">The version the stream must be at (default: any).</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="Contracts.Errors.StreamNotFoundException">The stream has no events.</exception>
    /// <exception cref="Contracts.Errors.StreamDeletedException">The stream is already hard-deleted.</exception>
    /// <exception cref="Contracts.Errors.WrongExpectedVersionException">The stream's version did not match.</exception>
    Task DeleteStreamAsync(string streamId, bool hard = false, ExpectedVersion? expected = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stream's retention metadata (<c>PUT /streams/{id}/metadata</c>); reads hide events no longer retained
    /// at once, appends continue at the real version.
    /// </summary>
    /// <exception cref="Contracts.Errors.PlatformValidationException">A setting is out of range; the error names the field.</exception>
    Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>The stream's retention metadata (<see cref="StreamMetadata.None"/> when none was set).</summary>
    Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>A stream's summary, or null when it has no events.</summary>
    Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stream folded (JSON merge-patch) up to <paramref name="version"/> and/or the events stamped at or before
    /// <paramref name="at"/> (both: whichever comes first; neither: its current state). Served from the snapshots kept
    /// beside the stream, so it costs at most <c>Platform:Snapshots:Every</c> events however long the stream is.
    /// </summary>
    /// <exception cref="Contracts.Errors.StreamNotFoundException">The stream has no events.</exception>
    Task<StreamStateView> GetStateAsync(string streamId, long? version = null, DateTimeOffset? at = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stream folded at two points (each a version or a time) and the RFC 6902 JSON Patch that turns the first
    /// state into the second (<see cref="StreamDiff.Diff"/>, a JSON array).
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="from">The first point, e.g. <see cref="StreamPoint.AtVersion"/>.</param>
    /// <param name="to">The second point, e.g. <see cref="StreamPoint.AtTime"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="Contracts.Errors.StreamNotFoundException">The stream has no events.</exception>
    /// <exception cref="Contracts.Errors.PlatformValidationException">A point has neither a version nor a time, or a negative version.</exception>
    Task<StreamDiff> DiffAsync(string streamId, StreamPoint from, StreamPoint to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks what the stream's state would be at a point without some of its events and with others folded on top.
    /// Answers the actual state, the hypothetical one and the JSON Patch between them; nothing is written.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="request">The point, the event ids to leave out and the events to append.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="Contracts.Errors.StreamNotFoundException">The stream has no events.</exception>
    /// <exception cref="Contracts.Errors.PlatformValidationException">The request is malformed or leaves out an event the stream does not have up to that point; the error names the field.</exception>
    Task<WhatIfResult> WhatIfAsync(string streamId, WhatIfRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers every event of the global feed from <paramref name="fromPosition"/> on, in order, to
    /// <paramref name="handler"/>, then keeps following new events; completes normally when <paramref name="cancellationToken"/> fires.
    /// An exception from <paramref name="handler"/> ends the subscription with that exception, so the caller can resume
    /// from its last checkpoint.
    /// After each handled page, <paramref name="checkpoint"/> receives the position to resume from next time.
    /// </summary>
    Task SubscribeToAllAsync(
        long fromPosition,
        Func<RecordedEvent, CancellationToken, Task> handler,
        Func<long, CancellationToken, Task>? checkpoint = null,
        IReadOnlyList<string>? types = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="SubscribeToAllAsync"/>, starting at the first event of the global feed stamped at or after
    /// <paramref name="fromTime"/> and leaving out events stamped earlier; resume later from a checkpointed position
    /// with <see cref="SubscribeToAllAsync"/>.
    /// </summary>
    Task SubscribeToAllFromTimeAsync(
        DateTimeOffset fromTime,
        Func<RecordedEvent, CancellationToken, Task> handler,
        Func<long, CancellationToken, Task>? checkpoint = null,
        IReadOnlyList<string>? types = null,
        CancellationToken cancellationToken = default);
}
