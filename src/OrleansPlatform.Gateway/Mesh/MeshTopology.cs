using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// Who calls whom through this gateway's mesh, over <see cref="MeshOptions.TopologyWindow"/>: per caller → service
/// edge the request rate, the share of 5xx answers (the mesh's own 502/503/504 included) and latency p50/p99.
/// Each gateway knows its own traffic; anonymous callers are named <c>anonymous</c>.
/// </summary>
public sealed class MeshTopology(IOptions<MeshOptions> options, TimeProvider time)
{
    public const string Anonymous = "anonymous";

    private readonly int _windowSeconds = (int)Math.Ceiling(options.Value.TopologyWindow.TotalSeconds);
    private readonly ConcurrentDictionary<(string Caller, string Service), TopologyEdge> _edges = new();

    public void Record(string caller, string service, int status, TimeSpan elapsed)
    {
        var edge = _edges.GetOrAdd((caller, service), static (key, seconds) => new TopologyEdge(key.Caller, key.Service, seconds), _windowSeconds);
        edge.Record(time.GetUtcNow().ToUnixTimeSeconds(), status >= 500, elapsed.TotalMilliseconds);
    }

    public MeshTopologyDto Snapshot()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var edges = new List<MeshEdgeDto>();
        foreach (var edge in _edges.Values)
        {
            if (edge.Totals(second) is { } totals)
            {
                edges.Add(new MeshEdgeDto(
                    edge.Caller,
                    edge.Service,
                    totals.Requests,
                    Math.Round(totals.Requests / (double)_windowSeconds, 3),
                    totals.Errors,
                    Math.Round(totals.Errors / (double)totals.Requests, 4),
                    LatencyHistogram.Quantile(totals.Latency, 0.50),
                    LatencyHistogram.Quantile(totals.Latency, 0.99)));
            }
        }

        edges.Sort((a, b) => (a.Caller, a.Service).CompareTo((b.Caller, b.Service)));
        var nodes = edges.SelectMany(e => new[] { e.Caller, e.Service }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new MeshTopologyDto(now, TimeSpan.FromSeconds(_windowSeconds), nodes, edges);
    }
}

/// <summary>Body of <c>GET /api/v1/mesh/topology</c>.</summary>
/// <param name="GeneratedAt">When it was computed.</param>
/// <param name="Window">The recent window it covers.</param>
/// <param name="Nodes">Every caller and service on an edge, ordered.</param>
/// <param name="Edges">One per caller → service pair with calls in the window, ordered by caller then service.</param>
public sealed record MeshTopologyDto(DateTimeOffset GeneratedAt, TimeSpan Window, IReadOnlyList<string> Nodes, IReadOnlyList<MeshEdgeDto> Edges);

/// <summary>Calls from one caller to one service in the window.</summary>
/// <param name="Caller">The calling service (<c>anonymous</c> when unnamed).</param>
/// <param name="Service">The called service.</param>
/// <param name="Requests">Calls in the window.</param>
/// <param name="RequestsPerSecond">Calls per second over the window.</param>
/// <param name="Errors">Calls answered 5xx (by the service, or by the mesh as 502/503/504).</param>
/// <param name="ErrorRatio">Errors / requests.</param>
/// <param name="P50Ms">Median latency through the mesh, ms (within 20 %).</param>
/// <param name="P99Ms">99th percentile latency, ms (within 20 %).</param>
public sealed record MeshEdgeDto(
    string Caller, string Service, long Requests, double RequestsPerSecond, long Errors, double ErrorRatio, double P50Ms, double P99Ms);
