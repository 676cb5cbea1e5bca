using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Applies one declarative rule's set, increment, append and remove actions, in that order.</summary>
internal static class ProjectionRuleApplier
{
    public static JsonObject Apply(ProjectionRule rule, JsonObject document, JsonObject eventNode)
    {
        foreach (var (target, source) in rule.Set ?? new Dictionary<string, string>())
        {
            var value = Resolve(eventNode, source, "set");
            if (target.Length == 0)
            {
                document = value as JsonObject ?? throw new ProjectionRuleException($"set \"\" needs an object, but '{source}' is not one.");
                document = (JsonObject)document.DeepClone();
                continue;
            }

            var (parent, name) = JsonPointer.ParentOf(document, target);
            parent[name] = value?.DeepClone();
        }

        foreach (var (target, amount) in rule.Increment ?? new Dictionary<string, decimal>())
        {
            var (parent, name) = JsonPointer.ParentOf(document, target);
            var current = parent[name] switch
            {
                null => 0m,
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
                _ => throw new ProjectionRuleException($"increment '{target}' is not a number."),
            };
            parent[name] = current + amount;
        }

        foreach (var (target, source) in rule.Append ?? new Dictionary<string, string>())
        {
            var value = Resolve(eventNode, source, "append");
            var (parent, name) = JsonPointer.ParentOf(document, target);
            switch (parent[name])
            {
                case null:
                    parent[name] = new JsonArray(value?.DeepClone());
                    break;
                case JsonArray array:
                    array.Add(value?.DeepClone());
                    break;
                default:
                    throw new ProjectionRuleException($"append '{target}' is not an array.");
            }
        }

        foreach (var target in rule.Remove ?? [])
        {
            var tokens = JsonPointer.Tokens(target);
            var parentPointer = target[..target.LastIndexOf('/')];
            if (JsonPointer.TryResolve(document, parentPointer, out var parent) && parent is JsonObject parentObject)
            {
                parentObject.Remove(tokens[^1]);
            }
        }

        return document;
    }

    private static JsonNode? Resolve(JsonObject eventNode, string source, string action) =>
        JsonPointer.TryResolve(eventNode, source, out var value)
            ? value
            : throw new ProjectionRuleException($"{action}: the event has nothing at '{source}'.");
}
