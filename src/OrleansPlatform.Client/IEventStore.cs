using OrleansPlatform.Contracts.EventStore;

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

    /// <summary>Reads a page of the global feed; continue from <see cref="AllEventsSlice.NextPosition"/>.</summary>
    Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken = default);

    /// <summary>A stream's summary, or null when it has no events.</summary>
    Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>The stream folded (JSON merge-patch) up to a version or a time.</summary>
    Task<StreamStateView> GetStateAsync(string streamId, long? version = null, DateTimeOffset? at = null, CancellationToken cancellationToken = default);

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
}
