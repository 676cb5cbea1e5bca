using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Grains.Erasure;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>
/// Stream states at a version or a time, folded on top of the newest usable snapshot, so a state costs at most
/// <see cref="SnapshotOptions.Every"/> events. A snapshot is usable only when it was folded the way this silo folds
/// now (same schema registry revision, so the same upcasts) and holds no plaintext of an erased subject; anything
/// else starts further back, which changes the cost, never the answer.
/// </summary>
public sealed partial class StreamStates(
    IEventLog log, ISnapshotStore store, SchemaCatalog catalog, SubjectKeyring keyring, IOptions<SnapshotOptions> options,
    SnapshotScheduler scheduler, Retention.RetentionView retention, ILogger<StreamStates> logger)
{
    private static readonly IReadOnlySet<Guid> Nothing = new HashSet<Guid>();

    /// <summary>
    /// The snapshot type this silo folds to: it names the registry revision, so registering a schema or an upcast
    /// retires every earlier snapshot. Null while snapshots are off or the registry is not loaded yet.
    /// </summary>
    public string? SnapshotType => options.Value.Enabled && catalog.Revision >= 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"stream-state.mergePatch.v1@{catalog.Revision}")
        : null;

    /// <summary>
    /// Folds the stream up to <paramref name="upTo"/> (stopping before the first event stamped after
    /// <paramref name="at"/>), starting from a snapshot at or below <paramref name="startAtOrBelow"/> and leaving out
    /// <paramref name="without"/> (whose events must all lie above that start).
    /// </summary>
    public async Task<StreamFold> FoldAsync(string streamId, long upTo, DateTimeOffset? at, long startAtOrBelow, IReadOnlySet<Guid>? without = null)
    {
        // Under retention a state folds only the retained events. The cut moves (maxCount, maxAge), so every snapshot,
        // which folds from the first event, would be stale: such streams fold without them.
        var firstRetained = await retention.FirstRetainedVersionAsync(log, streamId);
        var type = firstRetained is null ? SnapshotType : null;
        var fold = firstRetained is { } first ? StreamFold.After(Math.Min(first - 1, upTo))
            : type is null ? StreamFold.Empty()
            : await StartAsync(streamId, type, Math.Min(upTo, startAtOrBelow), at);
        await fold.RunAsync(log, streamId, upTo, at, without ?? Nothing);
        SnapshotTelemetry.RecordFolded(fold.Folded, fold.FromSnapshot);
        // Snapshots are missing behind this state (deleted, retired by a registration, or never taken): have them
        // taken in the background so the next state costs less.
        if (type is not null && without is not { Count: > 0 } && fold.Folded > options.Value.Every)
        {
            scheduler.Request(streamId, fold.Version);
        }

        return fold;
    }

    /// <summary>The newest usable snapshot of <paramref name="type"/> at or below the version and time, or an empty fold.</summary>
    internal async Task<StreamFold> StartAsync(string streamId, string type, long maxVersion, DateTimeOffset? at)
    {
        try
        {
            if (await store.ReadAtOrBeforeAsync(streamId, type, maxVersion, at, CancellationToken.None) is not { } stored)
            {
                return StreamFold.Empty();
            }

            var (state, subjects) = SnapshotBody.Read(stored.Data);
            if (subjects.Count > 0 && await HoldsErasedAsync(subjects))
            {
                // Normally gone already (the erasure deletes them); this covers a snapshot saved while the erasure ran.
                SnapshotTelemetry.RecordDiscarded();
                await store.DeleteAsync(streamId, null, CancellationToken.None);
                return StreamFold.Empty();
            }

            return StreamFold.FromSnapshotBody(state, stored.Version, stored.EventTime, subjects);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only an optimisation: without the snapshot the fold starts from the first event and answers the same.
            LogSnapshotUnusable(logger, ex, streamId);
            return StreamFold.Empty();
        }
    }

    private async Task<bool> HoldsErasedAsync(IReadOnlyList<string> subjects)
    {
        var keys = await keyring.LoadAsync(subjects, CancellationToken.None);
        return subjects.Any(s => keys.GetValueOrDefault(s) is null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot of stream {StreamId} could not be used; folding from its first event")]
    private static partial void LogSnapshotUnusable(ILogger logger, Exception exception, string streamId);
}
