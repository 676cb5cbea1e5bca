using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// An RFC 6901 JSON pointer into an event's data, for the upcast rules: read, set (creating missing parent objects)
/// and remove. Only object members are addressed; an upcast reshapes objects, never array elements.
/// </summary>
internal sealed class JsonPointerPath
{
    private readonly string[] _segments;

    private JsonPointerPath(string text, string[] segments) => (Text, _segments) = (text, segments);

    /// <summary>The pointer as written, such as <c>/customer/name</c>.</summary>
    public string Text { get; }

    /// <summary>Parses a non-empty pointer; returns null when <paramref name="text"/> is not one.</summary>
    public static JsonPointerPath? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/' || text.Length == 1)
        {
            return null;
        }

        var segments = text[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        return segments.Any(s => s.Length == 0) ? null : new JsonPointerPath(text, segments);
    }

    /// <summary>Whether the member exists (a JSON null counts as present).</summary>
    public bool Exists(JsonObject root) => Parent(root, create: false) is { } parent && parent.ContainsKey(_segments[^1]);

    /// <summary>Removes the member and returns its value, or returns false when it is absent.</summary>
    public bool TryTake(JsonObject root, out JsonNode? value)
    {
        value = null;
        if (Parent(root, create: false) is not { } parent || !parent.ContainsKey(_segments[^1]))
        {
            return false;
        }

        value = parent[_segments[^1]];
        parent.Remove(_segments[^1]);
        return true;
    }

    /// <summary>Sets the member, creating missing parent objects; false when a parent on the way is not an object.</summary>
    public bool TrySet(JsonObject root, JsonNode? value)
    {
        if (Parent(root, create: true) is not { } parent)
        {
            return false;
        }

        parent[_segments[^1]] = value;
        return true;
    }

    private JsonObject? Parent(JsonObject root, bool create)
    {
        var current = root;
        for (var i = 0; i < _segments.Length - 1; i++)
        {
            var next = current[_segments[i]];
            if (next is null && create && !current.ContainsKey(_segments[i]))
            {
                next = new JsonObject();
                current[_segments[i]] = next;
            }

            if (next is not JsonObject child)
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    public override string ToString() => Text;
}
