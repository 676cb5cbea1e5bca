using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>
/// A stream folded with the default fold (JSON merge-patch of each event's data) up to <see cref="Version"/>, and the
/// subjects whose plaintext went into it (a snapshot of it must go when one of them is erased).
/// </summary>
public sealed class StreamFold
{
    private const int PageSize = 1_000;

    private StreamFold(JsonObject state, long version, DateTimeOffset? lastTime, HashSet<string> subjects, bool fromSnapshot)
    {
        State = state;
        Version = version;
        LastTime = lastTime;
        Subjects = subjects;
        FromSnapshot = fromSnapshot;
    }

    /// <summary>The folded state.</summary>
    public JsonObject State { get; }

    /// <summary>The last event folded (0 before the first).</summary>
    public long Version { get; private set; }

    /// <summary>The stamp of the event at <see cref="Version"/>.</summary>
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>Subjects of the sealed events whose plaintext is in <see cref="State"/>.</summary>
    public HashSet<string> Subjects { get; }

    /// <summary>Whether the fold started from a snapshot rather than the first event.</summary>
    public bool FromSnapshot { get; }

    /// <summary>How many events this fold read on top of where it started.</summary>
    public long Folded { get; private set; }

    /// <summary>Nothing folded yet.</summary>
    public static StreamFold Empty() => new([], 0, null, new HashSet<string>(StringComparer.Ordinal), false);

    /// <summary>Nothing folded yet, starting after <paramref name="version"/> (the events below are no longer retained).</summary>
    public static StreamFold After(long version) => new([], version, null, new HashSet<string>(StringComparer.Ordinal), false);

    /// <summary>Resumes from a snapshot.</summary>
    public static StreamFold FromSnapshotBody(JsonObject state, long version, DateTimeOffset? lastTime, IEnumerable<string> subjects) =>
        new(state, version, lastTime, new HashSet<string>(subjects, StringComparer.Ordinal), true);

    /// <summary>
    /// Folds the events after <see cref="Version"/> up to <paramref name="upTo"/>, stopping before the first stamped
    /// after <paramref name="at"/> and leaving out <paramref name="without"/>; <paramref name="folded"/> runs after each event.
    /// </summary>
    public async Task RunAsync(IEventLog log, string streamId, long upTo, DateTimeOffset? at, IReadOnlySet<Guid> without, Func<StreamFold, Task>? folded = null)
    {
        while (Version < upTo)
        {
            var page = await log.ReadStreamAsync(streamId, Version + 1, (int)Math.Min(PageSize, upTo - Version), ReadDirection.Forward, CancellationToken.None);
            foreach (var e in page)
            {
                if (at is { } time && e.Timestamp > time)
                {
                    return;
                }

                Apply(e, without);
                if (folded is not null)
                {
                    await folded(this);
                }
            }

            if (page.Count == 0)
            {
                return;
            }
        }
    }

    private void Apply(RecordedEvent e, IReadOnlySet<Guid> without)
    {
        if (!without.Contains(e.EventId) && !e.Redacted)
        {
            JsonMergePatch.Apply(State, JsonNode.Parse(e.Data));
            if (SubjectOf(e.Metadata) is { } subject)
            {
                Subjects.Add(subject);
            }
        }

        Version = e.Version;
        LastTime = e.Timestamp;
        Folded++;
    }

    // Only events naming a subject are sealed (and so erasable); most metadata names none and is not parsed.
    private static string? SubjectOf(string? metadata) =>
        metadata is not null && metadata.Contains("\"subject\"", StringComparison.Ordinal)
            && JsonNode.Parse(metadata) is JsonObject o && o["subject"] is JsonValue v && v.TryGetValue<string>(out var subject)
            ? subject
            : null;
}
