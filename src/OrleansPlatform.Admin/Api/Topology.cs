using System.Text.Json;

namespace OrleansPlatform.Admin.Api;

/// <summary>Who calls whom through the mesh, read from <c>GET /api/v1/mesh/topology</c>.</summary>
public sealed record Topology(IReadOnlyList<string> Services, IReadOnlyList<TopologyEdge> Edges)
{
    private static readonly string[] EdgeLists = ["edges", "calls", "links"];
    private static readonly string[] FromNames = ["caller", "from", "source"];
    private static readonly string[] ToNames = ["service", "callee", "to", "target"];
    private static readonly string[] CountNames = ["calls", "requests", "count", "total"];
    private static readonly string[] NodeLists = ["services", "nodes"];
    private static readonly string[] NodeNames = ["service", "name", "id"];

    /// <summary>
    /// Reads the topology body. api.md names the route but not its fields, so this accepts the usual spellings
    /// (an edge list of caller/service or from/to pairs with a call count, and an optional node list).
    /// </summary>
    public static Topology Parse(JsonElement body)
    {
        var edges = new List<TopologyEdge>();
        if (EdgeLists.Select(n => Property(body, n)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.Array }) is { } list)
        {
            foreach (var edge in list.EnumerateArray())
            {
                if (Text(edge, FromNames) is { } from && Text(edge, ToNames) is { } to)
                {
                    var count = CountNames.Select(n => Property(edge, n)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.Number });
                    edges.Add(new TopologyEdge(from, to, count?.GetInt64()));
                }
            }
        }

        var services = edges.SelectMany(e => new[] { e.From, e.To }).ToList();
        if (NodeLists.Select(n => Property(body, n)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.Array }) is { } nodes)
        {
            services.AddRange(nodes.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString() : Text(n, NodeNames)).OfType<string>());
        }

        return new Topology(services.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), edges);
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string[] names) =>
        names.Select(n => Property(element, n)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.String })?.GetString();
}

public sealed record TopologyEdge(string From, string To, long? Calls);
