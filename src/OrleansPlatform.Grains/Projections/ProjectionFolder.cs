using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventStore;

namespace OrleansPlatform.Grains.Projections;

/// <summary>The pure fold of a projection definition: which events it reads, their document id, and how they change the document.</summary>
public static class ProjectionFolder
{
    /// <summary>Whether <paramref name="type"/> matches <paramref name="pattern"/>, where <c>*</c> matches any run of characters.</summary>
    public static bool TypeMatches(string pattern, string type) => TypePattern.Matches(pattern, type);

    /// <summary>Whether the projection reads <paramref name="recorded"/>.</summary>
    public static bool Reads(ProjectionDefinition definition, RecordedEvent recorded) =>
        (string.IsNullOrEmpty(definition.Source.StreamPrefix) || recorded.StreamId.StartsWith(definition.Source.StreamPrefix, StringComparison.Ordinal))
        && (definition.Source.Types is not { Count: > 0 } types || types.Any(t => TypeMatches(t, recorded.Type)));

    /// <summary>The event as rule pointers see it: <c>{eventId, streamId, version, position, type, data, metadata, timestamp}</c>.</summary>
    public static JsonObject EventNode(RecordedEvent recorded) => new()
    {
        ["eventId"] = recorded.EventId.ToString(),
        ["streamId"] = recorded.StreamId,
        ["version"] = recorded.Version,
        ["position"] = recorded.Position,
        ["type"] = recorded.Type,
        ["data"] = Parse(recorded.Data),
        ["metadata"] = recorded.Metadata is null ? null : Parse(recorded.Metadata),
        ["timestamp"] = recorded.Timestamp,
    };

    /// <summary>The document id the event folds into; null (and the event is skipped) when the partition pointer is missing or null.</summary>
    /// <exception cref="ProjectionRuleException">The pointer names an object or array.</exception>
    public static string? DocumentId(ProjectionDefinition definition, RecordedEvent recorded, JsonObject eventNode)
    {
        if (definition.PartitionBy == ProjectionDefinition.StreamIdKey)
        {
            return recorded.StreamId;
        }

        if (!JsonPointer.TryResolve(eventNode, definition.PartitionBy, out var key) || key is null)
        {
            return null;
        }

        return key is JsonValue value
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : throw new ProjectionRuleException($"partitionBy '{definition.PartitionBy}' names an object or array, not a key.");
    }

    /// <summary>
    /// Folds the event into <paramref name="document"/> (null: none yet; changed in place when given).
    /// Returns the new document, or null when the event deletes it.
    /// </summary>
    /// <exception cref="ProjectionRuleException">A rule cannot apply (a poison event).</exception>
    public static JsonObject? Apply(ProjectionDefinition definition, JsonObject? document, JsonObject eventNode)
    {
        var type = eventNode["type"]!.GetValue<string>();
        var fold = definition.FoldOrDefault;
        if (fold.IsMergePatch)
        {
            return JsonMergePatch.Apply(document ?? new JsonObject(), eventNode["data"]);
        }

        var rule = fold.Rules!.FirstOrDefault(r => TypeMatches(r.On, type));
        if (rule is null)
        {
            return document;
        }

        return rule.Delete ? null : ProjectionRuleApplier.Apply(rule, document ?? new JsonObject(), eventNode);
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ProjectionRuleException($"The event's JSON cannot be read: {e.Message}");
        }
    }
}
