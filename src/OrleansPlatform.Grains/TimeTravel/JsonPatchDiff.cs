using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.TimeTravel;

/// <summary>
/// Computes an RFC 6902 JSON Patch (add, remove, replace) that turns one JSON document into another. Objects are
/// compared member by member and arrays index by index, so a small change in a big state stays a small patch.
/// </summary>
public static class JsonPatchDiff
{
    /// <summary>The operations that turn <paramref name="from"/> into <paramref name="to"/>, in the order to apply them.</summary>
    public static JsonArray Diff(JsonNode? from, JsonNode? to)
    {
        var ops = new JsonArray();
        Compare(from, to, "", ops);
        return ops;
    }

    /// <summary>One reference token of a JSON pointer (RFC 6901): <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    public static string EscapeToken(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static void Compare(JsonNode? from, JsonNode? to, string path, JsonArray ops)
    {
        if (JsonNode.DeepEquals(from, to))
        {
            return;
        }

        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                CompareObjects(a, b, path, ops);
                break;
            case (JsonArray a, JsonArray b):
                CompareArrays(a, b, path, ops);
                break;
            default:
                ops.Add(Op("replace", path, to));
                break;
        }
    }

    private static void CompareObjects(JsonObject a, JsonObject b, string path, JsonArray ops)
    {
        foreach (var (name, value) in a)
        {
            var child = path + "/" + EscapeToken(name);
            if (b.TryGetPropertyValue(name, out var other))
            {
                Compare(value, other, child, ops);
            }
            else
            {
                ops.Add(Op("remove", child));
            }
        }

        foreach (var (name, value) in b)
        {
            if (!a.ContainsKey(name))
            {
                ops.Add(Op("add", path + "/" + EscapeToken(name), value));
            }
        }
    }

    private static void CompareArrays(JsonArray a, JsonArray b, string path, JsonArray ops)
    {
        var common = Math.Min(a.Count, b.Count);
        // Nothing in common: one replace says it more plainly than an element-by-element rewrite.
        if (common > 0 && Enumerable.Range(0, common).All(i => !JsonNode.DeepEquals(a[i], b[i])) && a.Count != b.Count)
        {
            ops.Add(Op("replace", path, b));
            return;
        }

        for (var i = 0; i < common; i++)
        {
            Compare(a[i], b[i], path + "/" + i, ops);
        }

        // Remove from the end so the indexes still to remove do not shift.
        for (var i = a.Count - 1; i >= b.Count; i--)
        {
            ops.Add(Op("remove", path + "/" + i));
        }

        for (var i = a.Count; i < b.Count; i++)
        {
            ops.Add(Op("add", path + "/" + i, b[i]));
        }
    }

    private static JsonObject Op(string op, string path) => new() { ["op"] = op, ["path"] = path };

    private static JsonObject Op(string op, string path, JsonNode? value) =>
        new() { ["op"] = op, ["path"] = path, ["value"] = value?.DeepClone() };
}
