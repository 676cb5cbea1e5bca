using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Tests.TimeTravel;

/// <summary>
/// A strict RFC 6902 applier written independently of the generator under test: every path must resolve, array
/// indexes must be canonical and in range, and an unknown op or a missing member is an error.
/// </summary>
internal static class StrictJsonPatch
{
    public static JsonNode? Apply(JsonArray patch, JsonNode? document)
    {
        var root = document?.DeepClone();
        foreach (var node in patch)
        {
            var op = node as JsonObject ?? throw new InvalidOperationException("An operation is an object.");
            var path = (string?)op["path"] ?? throw new InvalidOperationException("Missing path.");
            root = (string?)op["op"] switch
            {
                "add" => Add(root, path, Value(op)),
                "remove" => Remove(root, path),
                "replace" => Add(Remove(root, path), path, Value(op)),
                var other => throw new InvalidOperationException($"Unsupported op '{other}'."),
            };
        }

        return root;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new InvalidOperationException("Missing value.");

    private static JsonNode? Add(JsonNode? root, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var (parent, token) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array:
                array.Insert(token == "-" ? array.Count : Index(token, array.Count), value);
                break;
            default:
                throw new InvalidOperationException($"'{path}' has no container.");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var (parent, token) = Parent(root, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(token):
                obj.Remove(token);
                break;
            case JsonArray array:
                array.RemoveAt(Index(token, array.Count - 1));
                break;
            default:
                throw new InvalidOperationException($"'{path}' does not exist.");
        }

        return root;
    }

    private static (JsonNode? Parent, string Token) Parent(JsonNode? root, string path)
    {
        if (path[0] != '/')
        {
            throw new InvalidOperationException($"'{path}' is not a JSON pointer.");
        }

        var tokens = path[1..].Split('/').Select(Unescape).ToList();
        var current = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array => array[Index(token, array.Count - 1)],
                _ => throw new InvalidOperationException($"'{path}' does not resolve at '{token}'."),
            };
        }

        return (current, tokens[^1]);
    }

    private static string Unescape(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && (i + 1 == token.Length || token[i + 1] is not ('0' or '1')))
            {
                throw new InvalidOperationException($"Bad escape in '{token}'.");
            }
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    private static int Index(string token, int max)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"'{token}' is not an array index.");
        }

        var index = int.Parse(token, CultureInfo.InvariantCulture);
        return index <= max ? index : throw new InvalidOperationException($"Index {index} is out of range.");
    }
}
