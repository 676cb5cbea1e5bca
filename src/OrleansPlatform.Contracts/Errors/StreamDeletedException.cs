namespace OrleansPlatform.Contracts.Errors;

/// <summary>
/// The stream was hard-deleted: its id may be used again only by an append that expects no stream
/// (<c>expectedVersion</c> 0), so a writer that did not see the deletion never appends onto an erased history.
/// </summary>
[GenerateSerializer, Alias("op.es.StreamDeletedException")]
public sealed class StreamDeletedException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public StreamDeletedException(string streamId)
        : base($"Stream '{streamId}' was hard-deleted; append with expectedVersion 0 to start it again.") => StreamId = streamId;

    /// <summary>The deleted stream.</summary>
    [Id(0)] public string StreamId { get; }
}
