using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>A stream-state snapshot's stored body: the state and the subjects whose plaintext it holds.</summary>
internal static class SnapshotBody
{
    public static string Write(StreamFold fold) => new JsonObject
    {
        ["state"] = fold.State.DeepClone(),
        ["subjects"] = new JsonArray(fold.Subjects.Order(StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
    }.ToJsonString();

    public static (JsonObject State, IReadOnlyList<string> Subjects) Read(string data)
    {
        var body = JsonNode.Parse(data)!.AsObject();
        var subjects = body["subjects"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];
        var state = body["state"]!.AsObject();
        body.Remove("state");
        return (state, subjects);
    }
}
