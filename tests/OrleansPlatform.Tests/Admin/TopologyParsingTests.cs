using System.Text.Json;
using OrleansPlatform.Admin.Api;

namespace OrleansPlatform.Tests.Admin;

public sealed class TopologyParsingTests
{
    [Fact]
    public void Parse_CallerServiceEdgesAndNodes_GivesEveryServiceOnceAndEachEdgeWithItsCount()
    {
        using var body = JsonDocument.Parse("""
            {"services":[{"name":"stock"},"audit"],"edges":[{"caller":"orders","service":"payments","calls":12},{"caller":"orders","service":"stock"}]}
            """);

        var topology = Topology.Parse(body.RootElement);

        Assert.Equal(["audit", "orders", "payments", "stock"], topology.Services);
        Assert.Equal([new TopologyEdge("orders", "payments", 12), new TopologyEdge("orders", "stock", null)], topology.Edges);
    }

    [Fact]
    public void Parse_FromToLinks_AreReadAsEdges()
    {
        using var body = JsonDocument.Parse("""{"links":[{"from":"a","to":"b","requests":3}]}""");

        var topology = Topology.Parse(body.RootElement);

        Assert.Equal([new TopologyEdge("a", "b", 3)], topology.Edges);
        Assert.Equal(["a", "b"], topology.Services);
    }
}
