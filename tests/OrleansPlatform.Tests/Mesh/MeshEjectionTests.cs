using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>Passive outlier ejection from the mesh's own results, journaled on the service and capped per service.</summary>
[Collection(MeshCollection.Name)]
public sealed class MeshEjectionTests(MeshPlatformFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Ejection_ConsecutiveFailures_EjectTheInstanceAndTrafficGoesToTheOther()
    {
        var (service, backends) = await _client.ServiceAsync(2, new { outlierEjection = new { consecutiveFailures = 3, baseEjectionTime = "00:05:00", maxEjectionPercent = 50 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            var ejected = await Eventually.MatchAsync(async () =>
            {
                await _client.MeshGetAsync(service, "/x");
                return await _client.EjectedAsync(service);
            }, e => e.Count > 0, TimeSpan.FromSeconds(20));
            Assert.Equal(["i-0"], ejected);

            // The mesh follows the registry: the ejected instance gets no more calls.
            await Eventually.MatchAsync(async () =>
            {
                var before = backends[0].Requests.Count;
                for (var i = 0; i < 4; i++)
                {
                    await _client.MeshGetAsync(service, "/x");
                }

                return backends[0].Requests.Count - before;
            }, hits => hits == 0, TimeSpan.FromSeconds(10));
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                statuses.Add((await _client.MeshGetAsync(service, "/x")).StatusCode);
            }

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Contains("ServiceInstanceEjected.v1", await FeedTypesAsync(service));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Ejection_EveryInstanceFailing_NeverEjectsMoreThanTheCap()
    {
        var (service, backends) = await _client.ServiceAsync(2, new { outlierEjection = new { consecutiveFailures = 2, baseEjectionTime = "00:05:00", maxEjectionPercent = 50 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        backends[1].Respond = _ => new ParticipantReply(500);
        try
        {
            await Eventually.MatchAsync(async () =>
            {
                await _client.MeshGetAsync(service, "/x");
                return await _client.EjectedAsync(service);
            }, e => e.Count > 0, TimeSpan.FromSeconds(20));
            var hitsOfSurvivor = 0;
            for (var i = 0; i < 12; i++)
            {
                await _client.MeshGetAsync(service, "/x");
            }

            var ejected = Assert.Single(await _client.EjectedAsync(service));
            hitsOfSurvivor = backends[ejected == "i-0" ? 1 : 0].Requests.Count;
            Assert.True(hitsOfSurvivor >= 6, $"the instance left in service kept taking calls ({hitsOfSurvivor})");
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Ejection_SingleInstance_IsNeverEjected()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { outlierEjection = new { consecutiveFailures = 1, baseEjectionTime = "00:05:00", maxEjectionPercent = 50 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.InternalServerError, (await _client.MeshGetAsync(service, "/x")).StatusCode);
            }

            Assert.Empty(await _client.EjectedAsync(service));
            Assert.Equal(5, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    private async Task<List<string>> FeedTypesAsync(string service)
    {
        var types = new List<string>();
        long next = 0;
        while (true)
        {
            var slice = await _client.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=1000&type=ServiceInstanceEjected.v1");
            var events = slice["events"]!.AsArray();
            types.AddRange(events.Where(e => e!["streamId"].Str() == $"$service:{service}").Select(e => e!["type"].Str()));
            if (events.Count == 0)
            {
                return types;
            }

            next = slice["nextPosition"].Long();
        }
    }
}
