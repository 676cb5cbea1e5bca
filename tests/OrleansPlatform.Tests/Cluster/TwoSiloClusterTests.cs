using System.Net;
using OrleansPlatform.Tests.Api;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Cluster;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class TwoSiloClusterTests(TwoSiloClusterFixture cluster)
{
    [Fact]
    public async Task Append_RacingThroughBothSilosWithSameExpectedVersion_ExactlyOneWinsEachRound()
    {
        var stream = NewStreamId("race");

        for (var version = 0; version < 5; version++)
        {
            var expected = version;
            var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                (i % 2 == 0 ? cluster.A : cluster.B).AppendAsync(stream, expected, Event("Raced", new { i }))));

            Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(7, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        }

        var read = await cluster.B.GetJsonAsync($"/api/v1/streams/{stream}/events");
        Assert.Equal([1L, 2L, 3L, 4L, 5L], read["events"]!.AsArray().Select(e => e!["version"].Long()));
    }

    [Fact]
    public async Task GlobalFeed_WhileBothSilosAppendConcurrently_SeesEveryEventOnceInOrder()
    {
        var correlation = Guid.NewGuid().ToString();
        var clients = new[] { cluster.A, cluster.B, cluster.Gateway };
        var writers = Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            clients[i % 3].AppendAsync(NewStreamId("feed2"), 0, Event("Two", new { i }, correlationId: correlation), Event("Two", new { i }, correlationId: correlation))));

        var seen = new List<long>();
        long next = 0;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (seen.Count < 120 && DateTime.UtcNow < deadline)
        {
            var slice = await cluster.A.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=13&correlationId={correlation}");
            seen.AddRange(slice["events"]!.AsArray().Select(e => e!["position"].Long()));
            next = slice["nextPosition"].Long();
        }

        Assert.All(await writers, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(120, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(120, seen.Distinct().Count());
    }

    [Fact]
    public async Task GatewayOnlyProcess_ServesTheApiAsAClusterClient()
    {
        var stream = NewStreamId("gw");

        var created = await cluster.Gateway.AppendAsync(stream, 0, Event("ViaGateway", new { ok = true }));
        var readElsewhere = await cluster.A.GetJsonAsync($"/api/v1/streams/{stream}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, readElsewhere["version"].Long());
        Assert.Equal(HttpStatusCode.OK, (await cluster.Gateway.GetAsync("/health/ready")).StatusCode);
    }
}
