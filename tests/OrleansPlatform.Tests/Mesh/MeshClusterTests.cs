using System.Net;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>Two gateways (two silos) on one PostgreSQL cluster: each keeps its own view, and both follow the registry.</summary>
public sealed class MeshClusterTests
{
    [Fact]
    public async Task Ejection_ThroughOneGateway_StopsTheOtherGatewaysCallsToo()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "mesh-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = PlatformHost.Postgres(database, clusterId);
        var a = await first.StartAsync();
        await using var second = PlatformHost.Postgres(database, clusterId);
        var b = await second.StartAsync();
        var (service, backends) = await a.ServiceAsync(2, new
        {
            outlierEjection = new { consecutiveFailures = 2, baseEjectionTime = "00:05:00", maxEjectionPercent = 50 },
        });
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            // The second gateway holds its view before anything happens.
            await b.MeshGetAsync(service, "/x");
            await b.MeshGetAsync(service, "/x");

            await Eventually.MatchAsync(async () =>
            {
                await a.MeshGetAsync(service, "/x");
                return await a.EjectedAsync(service);
            }, e => e.Count > 0, TimeSpan.FromSeconds(30));

            // The registry's change reaches the second gateway's view: it stops calling the ejected instance.
            var hits = await Eventually.MatchAsync(async () =>
            {
                var before = backends[0].Requests.Count;
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 4; i++)
                {
                    statuses.Add((await b.MeshGetAsync(service, "/x")).StatusCode);
                }

                return (Hits: backends[0].Requests.Count - before, Statuses: statuses);
            }, r => r.Hits == 0, TimeSpan.FromSeconds(15));
            Assert.All(hits.Statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
