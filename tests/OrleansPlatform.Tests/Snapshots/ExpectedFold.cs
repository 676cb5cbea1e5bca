using System.Text.Json.Nodes;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>The default fold computed independently of the platform: RFC 7386 JSON merge-patch of each event's data in order.</summary>
internal static class ExpectedFold
{
    public static JsonObject Of(IEnumerable<JsonNode> patches)
    {
        var state = new JsonObject();
        foreach (var patch in patches)
        {
            state = (JsonObject)Merge(state, patch)!;
        }

        return state;
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = Merge(result[name]?.DeepClone(), value);
                result[name] = merged;
            }
        }

        return result;
    }
}
