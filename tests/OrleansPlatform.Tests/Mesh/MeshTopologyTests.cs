using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary><c>GET /api/v1/mesh/topology</c>: who calls whom, with rate, error ratio and latency.</summary>
[Collection(MeshCollection.Name)]
public sealed class MeshTopologyTests(MeshPlatformFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Topology_AfterCalls_ShowsTheEdgeWithRateErrorsAndLatency()
    {
        var (service, backends) = await _client.ServiceAsync(1);
        var calls = 0;
        backends[0].Respond = _ => Interlocked.Increment(ref calls) % 4 == 0 ? new ParticipantReply(500) : ParticipantReply.Ok();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                await _client.MeshGetAsync(service, "/x", "orders");
            }

            var response = await _client.GetAsync("/api/v1/mesh/topology");
            var topology = await response.JsonAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var edge = topology["edges"]!.AsArray().Single(e => e!["service"].Str() == service)!;
            Assert.Equal("orders", edge["caller"].Str());
            Assert.Equal(8, edge["requests"].Long());
            Assert.Equal(2, edge["errors"].Long());
            Assert.Equal(0.25, edge["errorRatio"]!.GetValue<double>());
            Assert.True(edge["requestsPerSecond"]!.GetValue<double>() > 0);
            Assert.True(edge["p50Ms"]!.GetValue<double>() > 0);
            Assert.True(edge["p99Ms"]!.GetValue<double>() >= edge["p50Ms"]!.GetValue<double>());
            Assert.Contains("orders", topology["nodes"]!.AsArray().Select(n => n.Str()));
            Assert.Contains(service, topology["nodes"]!.AsArray().Select(n => n.Str()));
            Assert.Equal("00:01:00", topology["window"].Str());
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
