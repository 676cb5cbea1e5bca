namespace OrleansPlatform.Contracts.EventStore;

/// <summary>
/// One event stream, keyed by its stream id. Its single activation is the stream's single writer, so version checks
/// happen in memory and appends to one stream are applied one at a time.
/// </summary>
[Alias("op.es.IEventStreamGrain")]
public interface IEventStreamGrain : IGrainWithStringKey
{
    /// <summary>Appends events atomically if the expected version holds; repeating an append by its event ids is idempotent.</summary>
    /// <exception cref="Errors.WrongExpectedVersionException">The stream's version did not match.</exception>
    /// <exception cref="Errors.PlatformValidationException">The request was malformed.</exception>
    /// <exception cref="Errors.EventTooLargeException">An event exceeded the size limit.</exception>
    [Alias("Append")]
    Task<AppendResult> AppendAsync(AppendRequest request);

    /// <summary>
    /// Deletes the stream if <paramref name="expected"/> holds. A soft delete hides every event up to now (reads answer
    /// 404) and the stream continues at its version on the next append; a hard delete erases its events and
    /// snapshots, and the id may be used again only by an append with <c>expectedVersion</c> 0.
    /// </summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events. Deleting a soft-deleted stream again succeeds.</exception>
    /// <exception cref="Errors.StreamDeletedException">The stream was already hard-deleted.</exception>
    /// <exception cref="Errors.WrongExpectedVersionException">The stream's version did not match.</exception>
    [Alias("Delete")]
    Task DeleteAsync(ExpectedVersion expected, bool hard);

    /// <summary>The stream's summary, or null when it has no events.</summary>
    [Alias("GetInfo")]
    Task<StreamInfo?> GetInfoAsync();
}

/// <summary>
/// Stateless readers of the event log: any silo serves them, in parallel, straight from storage.
/// </summary>
[Alias("op.es.IEventReaderGrain")]
public interface IEventReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Reads a page of one stream.</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    [Alias("ReadStream")]
    Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction);

    /// <summary>Reads a page of one stream with each event at the schema version it was stored at (no upcast).</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    [Alias("ReadStreamRaw")]
    Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion, int limit, ReadDirection direction);

    /// <summary>Reads a page of the global feed, never skipping an event that commits later below the returned position.</summary>
    [Alias("ReadAll")]
    Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request);

    /// <summary>Folds a stream up to a version or a time (time travel).</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    [Alias("GetState")]
    Task<StreamStateView> GetStateAsync(string streamId, long? version, DateTimeOffset? at);

    /// <summary>Completes when the serving silo can reach storage; used by readiness checks.</summary>
    [Alias("Ping")]
    Task PingAsync();
}
