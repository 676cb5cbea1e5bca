using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>
/// Refolds one document of a projection version from the feed, through the same <see cref="PageFolder"/> the
/// partitions run, so a document as of a processed position is exactly the one the runtime stored then.
/// </summary>
/// <param name="log">The silo's presenting event log (upcasts and erasure redaction, as the partitions read it).</param>
/// <param name="info">The version whose fold is replayed.</param>
/// <param name="code">The registered .NET fold of a code projection, or null for a declarative one.</param>
/// <param name="maxEvents">Most events one answer may read; past it the request is refused rather than left to time out.</param>
/// <param name="clockSkew">How far event stamps may disagree with feed order: a time point reads this far past its time.</param>
internal sealed class DocumentHistory(IEventLog log, ProjectionDefinitionInfo info, ICodeProjection? code, int maxEvents, TimeSpan clockSkew)
{
    private const int StreamPageSize = 1_000;
    private const int FeedPageSize = 5_000;

    /// <summary>
    /// The events that fold into <paramref name="id"/>, from the version's start to <paramref name="at"/>, in feed order;
    /// <paramref name="field"/> is the request field named when the point needs more than <c>maxEvents</c>.
    /// </summary>
    public Task<List<RecordedEvent>> EventsAsync(string id, FeedPoint at, string field, CancellationToken cancellationToken) =>
        info.Definition.PartitionBy == ProjectionDefinition.StreamIdKey
            ? StreamEventsAsync(id, at, field, cancellationToken)
            : FeedEventsAsync(id, at, field, cancellationToken);

    /// <summary>The document after folding <paramref name="events"/> (one document's, in feed order) from nothing; null when none results.</summary>
    public async Task<ProjectionDocument?> FoldAsync(string id, IReadOnlyList<RecordedEvent> events, DateTimeOffset now)
    {
        var cache = new Dictionary<string, ProjectionDocument?>(StringComparer.Ordinal) { [id] = null };
        var partition = ProjectionPartitions.Of(id, info.Partitions);
        IReadOnlyList<RecordedEvent> remaining = events;
        while (remaining.Count > 0)
        {
            // A poison event leaves the document as it was, whether the projection parks it or halts on it (until
            // resumed); the history shows what the projection holds past it once it goes on.
            var result = await PageFolder.FoldAsync(info, partition, remaining, cache, NoneStored, now, code);
            if (result.Halt is not { } halt)
            {
                break;
            }

            remaining = remaining.SkipWhile(e => e.Position <= halt.Position).ToList();
        }

        return cache[id];
    }

    private static Task<IReadOnlyDictionary<string, ProjectionDocument>> NoneStored(IReadOnlyCollection<string> ids) =>
        Task.FromResult<IReadOnlyDictionary<string, ProjectionDocument>>(new Dictionary<string, ProjectionDocument>());

    private async Task<List<RecordedEvent>> StreamEventsAsync(string id, FeedPoint at, string field, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        if (!EventStoreRules.IsInPublicFeed(id))
        {
            return events;
        }

        var read = 0;
        for (var from = 1L; ; from += StreamPageSize)
        {
            var page = await log.ReadStreamAsync(id, from, StreamPageSize, ReadDirection.Forward, cancellationToken);
            foreach (var recorded in page)
            {
                if (Beyond(recorded, at))
                {
                    return events;
                }

                if (Before(recorded, at) && recorded.Position >= info.StartPosition && ProjectionFolder.Reads(info.Definition, recorded))
                {
                    events.Add(recorded);
                }
            }

            read += page.Count;
            EnsureWithinBound(read, field);
            if (page.Count < StreamPageSize)
            {
                return events;
            }
        }
    }

    private async Task<List<RecordedEvent>> FeedEventsAsync(string id, FeedPoint at, string field, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        var end = await log.GetEndPositionAsync(cancellationToken);
        // Exact type names filter in storage; wildcards are matched here.
        var types = info.Definition.Source.Types is { Count: > 0 } t && t.All(x => !x.Contains('*', StringComparison.Ordinal)) ? t : null;
        var read = 0;
        for (var from = info.StartPosition; from < end;)
        {
            var slice = await log.ReadAllAsync(new ReadAllRequest(from, FeedPageSize, types), cancellationToken);
            foreach (var recorded in slice.Events)
            {
                if (Beyond(recorded, at))
                {
                    return events;
                }

                if (Before(recorded, at) && ProjectionFolder.Reads(info.Definition, recorded) && KeyOf(recorded) == id)
                {
                    events.Add(recorded);
                }
            }

            read += slice.Events.Count;
            EnsureWithinBound(read, field);
            if (slice.NextPosition <= from)
            {
                break;
            }

            from = slice.NextPosition;
        }

        return events;
    }

    private string? KeyOf(RecordedEvent recorded)
    {
        try
        {
            return ProjectionFolder.DocumentId(info.Definition, recorded, ProjectionFolder.EventNode(recorded));
        }
        catch (ProjectionRuleException)
        {
            // Parked by the projection without a document: it changed none.
            return null;
        }
    }

    private static bool Before(RecordedEvent recorded, FeedPoint at) =>
        at.Position is { } position ? recorded.Position <= position : recorded.Timestamp <= at.Time!.Value;

    // Feed (and stream) order is commit order; stamps may lag it by the clock skew, so a time point reads that far on.
    private bool Beyond(RecordedEvent recorded, FeedPoint at) =>
        at.Position is { } position ? recorded.Position > position : recorded.Timestamp > at.Time!.Value + clockSkew;

    private void EnsureWithinBound(int read, string field)
    {
        if (read > maxEvents)
        {
            throw new PlatformValidationException(field,
                $"Reaching this point reads more than {maxEvents} events (Platform:Projections:HistoryMaxEvents); ask for an earlier point.");
        }
    }
}
