using System.Text.Json;
using OrleansPlatform.Admin.Api;
using MeshEdgeDto = OrleansPlatform.Gateway.Mesh.MeshEdgeDto;
using MeshTopologyDto = OrleansPlatform.Gateway.Mesh.MeshTopologyDto;

namespace OrleansPlatform.Tests.Admin;

public sealed class TopologyParsingTests
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

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

    [Fact]
    public void Parse_TheGatewaysMeshTopologyDto_GivesItsNodesAndCallerServiceEdgesWithRequests()
    {
        // The body GET /api/v1/mesh/topology really sends: the gateway's DTO with web (camelCase) JSON defaults.
        var dto = new MeshTopologyDto(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(5), ["billing", "orders", "payments"],
            [new MeshEdgeDto("orders", "payments", 7, 0.02, 1, 0.14, 3.5, 9.0)]);
        using var body = JsonSerializer.SerializeToDocument(dto, WebJson);

        var topology = Topology.Parse(body.RootElement);

        Assert.Equal([new TopologyEdge("orders", "payments", 7)], topology.Edges);
        Assert.Equal(["billing", "orders", "payments"], topology.Services);
    }
}
