using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>
/// Passive outlier ejection from the mesh's own results, journaled on the service and capped per service; run once
/// per storage backend, since ejections are journal entries.
/// </summary>
public abstract class MeshEjectionTests(HttpClient client)
{
    private readonly HttpClient _client = client;

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

    [Fact]
    public async Task Ejection_Ended_IsJournaledAndTheNextEjectionLastsLonger()
    {
        var (service, backends) = await _client.ServiceAsync(2, new { outlierEjection = new { consecutiveFailures = 2, baseEjectionTime = "00:00:00.500", maxEjectionPercent = 50 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            // Failing all along: ejected, back after its time (the sweep journals the end), ejected again for longer.
            await Eventually.MatchAsync(async () =>
            {
                await _client.MeshGetAsync(service, "/x");
                return (await FeedAsync(service, "ServiceInstanceEjected.v1")).Count;
            }, n => n >= 2, TimeSpan.FromSeconds(30));

            var ejections = await FeedAsync(service, "ServiceInstanceEjected.v1");
            var ended = await FeedAsync(service, "ServiceInstanceEjectionEnded.v1");
            Assert.All(ejections, e => Assert.Equal("i-0", e["data"]!["instanceId"].Str()));
            Assert.Equal(1, ejections[0]["data"]!["ejections"]!.GetValue<int>());
            Assert.Equal(2, ejections[1]["data"]!["ejections"]!.GetValue<int>());
            Assert.NotEmpty(ended);
            var first = Length(ejections[0]);
            var second = Length(ejections[1]);
            Assert.True(second > first + TimeSpan.FromMilliseconds(300), $"the second ejection ({second}) outlasts the first ({first})");
        }
        finally
        {
            await backends.DisposeAllAsync();
        }

        static TimeSpan Length(System.Text.Json.Nodes.JsonNode e) =>
            DateTimeOffset.Parse(e["data"]!["until"].Str(), System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(e["timestamp"].Str(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task InFlight_SlowCallsThroughTheMesh_AreReportedForLeastConnectionsResolves()
    {
        var (service, backends) = await _client.ServiceAsync(2);
        backends[0].Respond = _ => new ParticipantReply(200, Delay: TimeSpan.FromSeconds(5));
        try
        {
            // Round robin: half the calls land on the slow i-0 and stay in flight; those to i-1 finish at once.
            var calls = Enumerable.Range(0, 6).Select(_ => _client.MeshGetAsync(service, "/slow")).ToList();
            await Eventually.MatchAsync(() => Task.FromResult(backends[0].Requests.Count), n => n == 3, TimeSpan.FromSeconds(10));

            // Equal counts alternate between instances; four i-1 in a row means the mesh's counts reached the registry.
            await Eventually.MatchAsync(async () =>
            {
                var picks = new List<string>();
                for (var i = 0; i < 4; i++)
                {
                    picks.Add((await _client.GetJsonAsync($"/api/v1/services/{service}/resolve?strategy=leastConnections"))["instanceId"].Str());
                }

                return picks;
            }, picks => picks.All(p => p == "i-1"), TimeSpan.FromSeconds(10));
            Assert.All(await Task.WhenAll(calls), r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    private async Task<List<System.Text.Json.Nodes.JsonNode>> FeedAsync(string service, string type)
    {
        var found = new List<System.Text.Json.Nodes.JsonNode>();
        long next = 0;
        while (true)
        {
            var slice = await _client.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=1000&type={type}");
            var events = slice["events"]!.AsArray();
            found.AddRange(events.Where(e => e!["streamId"].Str() == $"$service:{service}").Select(e => e!));
            if (events.Count == 0)
            {
                return found;
            }

            next = slice["nextPosition"].Long();
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

[Collection(MeshCollection.Name)]
public sealed class SqliteMeshEjectionTests(MeshPlatformFixture fixture) : MeshEjectionTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresMeshEjectionTests(PostgresPlatformFixture fixture) : MeshEjectionTests(fixture.Client);
