using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>What one page of the feed does to a partition's documents.</summary>
/// <param name="Changes">The final state of each changed document.</param>
/// <param name="Parked">Poison events parked.</param>
/// <param name="Halt">The poison event the page stopped before (onError: halt), with its error; null when the page went through.</param>
/// <param name="Applied">Events folded into documents.</param>
internal sealed record PageResult(IReadOnlyList<DocumentChange> Changes, IReadOnlyList<ParkedEvent> Parked, (long Position, string Error)? Halt, int Applied);

/// <summary>Folds a page of the feed into the documents of one partition, in feed order.</summary>
internal static class PageFolder
{
    public delegate Task<IReadOnlyDictionary<string, ProjectionDocument>> Loader(IReadOnlyCollection<string> ids);

    /// <param name="info">The version being folded.</param>
    /// <param name="partition">The partition: only documents whose id hashes to it.</param>
    /// <param name="events">The page.</param>
    /// <param name="cache">Known documents (null: known to be absent); updated with the page's results.</param>
    /// <param name="load">Reads documents the cache does not know.</param>
    /// <param name="now">The time parked events are stamped with.</param>
    /// <param name="code">The .NET fold of a code projection (<see cref="ProjectionFold.Code"/>); null for a declarative one.</param>
    public static async Task<PageResult> FoldAsync(
        ProjectionDefinitionInfo info, int partition, IReadOnlyList<RecordedEvent> events, Dictionary<string, ProjectionDocument?> cache, Loader load, DateTimeOffset now,
        ICodeProjection? code = null)
    {
        var definition = info.Definition;
        var parked = new List<ParkedEvent>();
        var mine = new List<(RecordedEvent Event, JsonObject Node, string Id)>();
        foreach (var recorded in events)
        {
            if (!ProjectionFolder.Reads(definition, recorded))
            {
                continue;
            }

            // Keyed by stream id, an event of another partition is skipped before its JSON is parsed.
            if (definition.PartitionBy == ProjectionDefinition.StreamIdKey && ProjectionPartitions.Of(recorded.StreamId, info.Partitions) != partition)
            {
                continue;
            }

            try
            {
                var node = ProjectionFolder.EventNode(recorded);
                if (ProjectionFolder.DocumentId(definition, recorded, node) is { } id && ProjectionPartitions.Of(id, info.Partitions) == partition)
                {
                    mine.Add((recorded, node, id));
                }
            }
            catch (ProjectionRuleException e)
            {
                // An event whose key cannot be read belongs to no partition for sure: partition 0 parks it, once
                // (keyed by stream id, its partition is known, and it alone got here).
                if (partition == 0 || definition.PartitionBy == ProjectionDefinition.StreamIdKey)
                {
                    if (definition.OnError == ProjectionErrorMode.Halt)
                    {
                        return new PageResult([], parked, (recorded.Position, e.Message), 0);
                    }

                    parked.Add(Park(recorded, null, e.Message, now));
                }
            }
        }

        var missing = mine.Select(m => m.Id).Where(id => !cache.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var loaded = await load(missing);
            foreach (var id in missing)
            {
                cache[id] = loaded.GetValueOrDefault(id);
            }
        }

        var working = new Dictionary<string, (JsonObject? Doc, long Version, long Position, bool Dirty)>(StringComparer.Ordinal);
        var applied = 0;
        foreach (var (recorded, node, id) in mine)
        {
            if (!working.TryGetValue(id, out var current))
            {
                var stored = cache[id];
                current = (stored is null ? null : JsonNode.Parse(stored.Data)!.AsObject(), stored?.Version ?? 0, stored?.Position ?? 0, false);
            }

            try
            {
                // Rules change the document in place; a rule failing halfway must leave it as it was. A .NET fold
                // reads the document into its own type, so it never holds this one.
                var input = definition.FoldOrDefault.IsMergePatch || code is not null ? current.Doc : (JsonObject?)current.Doc?.DeepClone();
                var result = code is null ? ProjectionFolder.Apply(definition, input, node) : code.Apply(input, recorded);
                // A deleted document starts again at version 1, whether or not its re-creation is in the same page.
                working[id] = (result, result is null ? 0 : current.Version + 1, recorded.Position, true);
                applied++;
            }
            catch (Exception e) when (e is ProjectionRuleException or InvalidOperationException or FormatException or OverflowException)
            {
                working[id] = current;
                if (definition.OnError == ProjectionErrorMode.Halt)
                {
                    return Result(working, cache, parked, (recorded.Position, e.Message), applied);
                }

                parked.Add(Park(recorded, id, e.Message, now));
            }
        }

        return Result(working, cache, parked, null, applied);
    }

    private static PageResult Result(
        Dictionary<string, (JsonObject? Doc, long Version, long Position, bool Dirty)> working, Dictionary<string, ProjectionDocument?> cache,
        List<ParkedEvent> parked, (long, string)? halt, int applied)
    {
        var changes = new List<DocumentChange>(working.Count);
        foreach (var (id, (doc, version, position, dirty)) in working)
        {
            if (!dirty)
            {
                continue;
            }

            var data = doc?.ToJsonString();
            changes.Add(new DocumentChange(id, data, version, position));
            cache[id] = data is null ? null : new ProjectionDocument(id, version, position, data);
        }

        return new PageResult(changes, parked, halt, applied);
    }

    private static ParkedEvent Park(RecordedEvent recorded, string? documentId, string error, DateTimeOffset now) =>
        new(recorded.Position, recorded.EventId, recorded.StreamId, recorded.Type, documentId, error, now);
}
