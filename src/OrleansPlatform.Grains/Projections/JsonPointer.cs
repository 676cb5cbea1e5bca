using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.Projections;

/// <summary>RFC 6901 JSON pointers over <see cref="JsonNode"/>: resolve, and write or remove creating parents as objects.</summary>
internal static class JsonPointer
{
    public static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    /// <summary>The node at <paramref name="pointer"/>; false when a member or index is missing.</summary>
    public static bool TryResolve(JsonNode? root, string pointer, out JsonNode? value)
    {
        value = root;
        foreach (var token in Tokens(pointer))
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var member):
                    value = member;
                    break;
                case JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>The parent object of the pointer's last member (created as needed) and that member's name.</summary>
    public static (JsonObject Parent, string Name) ParentOf(JsonObject document, string pointer)
    {
        var tokens = Tokens(pointer);
        var parent = document;
        foreach (var token in tokens[..^1])
        {
            if (parent[token] is JsonObject child)
            {
                parent = child;
            }
            else if (parent[token] is null)
            {
                child = new JsonObject();
                parent[token] = child;
                parent = child;
            }
            else
            {
                throw new ProjectionRuleException($"'{pointer}' passes through '{token}', which is not an object.");
            }
        }

        return (parent, tokens[^1]);
    }
}
