using Microsoft.Extensions.Options;
using OrleansPlatform.Storage.Erasure;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>Saves a stream's state at each multiple of <see cref="SnapshotOptions.Every"/>, beside the stream.</summary>
public sealed class StreamSnapshotWriter(
    IEventLog log, ISnapshotStore store, StreamStates states, ISubjectKeyStore subjectKeys, IOptions<SnapshotOptions> options, TimeProvider time)
{
    private static readonly IReadOnlySet<Guid> Nothing = new HashSet<Guid>();

    /// <summary>Saves the stream's missing snapshots up to the last multiple of Every at or below <paramref name="upTo"/>.</summary>
    public async Task TakeAsync(string streamId, long upTo)
    {
        var every = options.Value.Every;
        var target = upTo / every * every;
        if (target == 0 || states.SnapshotType is not { } type)
        {
            return;
        }

        var fold = await states.StartAsync(streamId, type, target, null);
        if (fold.Version == target)
        {
            return;
        }

        if (fold.Version == 0)
        {
            // Starting over: snapshots of earlier folds (other registry revisions) can never be used again.
            await store.DeleteAsync(streamId, type, CancellationToken.None);
        }

        var stopped = false;
        await fold.RunAsync(log, streamId, target, null, Nothing, async f =>
        {
            if (!stopped && f.Version % every == 0)
            {
                stopped = !await SaveAsync(streamId, type, f);
            }
        });
    }

    /// <summary>Saves one snapshot; false when it must not be kept (the fold changed meanwhile, or a subject in it was erased).</summary>
    private async Task<bool> SaveAsync(string streamId, string type, StreamFold fold)
    {
        // Registered while folding: some events may have been read under the earlier revision's upcasts.
        if (states.SnapshotType != type)
        {
            return false;
        }

        var subjects = fold.Subjects.Order(StringComparer.Ordinal).ToList();
        await store.SaveAsync(new StoredSnapshot(streamId, fold.Version, type, SnapshotBody.Write(fold), time.GetUtcNow(), fold.LastTime, subjects), CancellationToken.None);
        SnapshotTelemetry.RecordSaved();
        if (subjects.Count == 0)
        {
            return true;
        }

        // An erasure that ran while this fold read plaintext deleted the listed snapshots before this one was listed:
        // checked after saving, so either the erasure sees this snapshot or this check sees the erasure.
        var keys = await subjectKeys.GetAsync(subjects, CancellationToken.None);
        if (keys.Count == subjects.Count && keys.All(k => k.WrappedKey is not null))
        {
            return true;
        }

        await store.DeleteAsync(streamId, null, CancellationToken.None);
        return false;
    }
}
