using System.Net;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>
/// Each instance has its own circuit breaker (a 1 s break here, real time: the breaker runs inside a real gateway).
/// Outlier ejection is switched off so only the breaker acts.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class MeshBreakerTests(MeshPlatformFixture fixture)
{
    private static readonly object Policy = new
    {
        circuitBreaker = new { failureRatio = 0.5, minimumThroughput = 2, breakDuration = "00:00:01" },
        outlierEjection = new { maxEjectionPercent = 0 },
    };

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Breaker_FailingInstance_OpensRejectsHalfOpensAndCloses()
    {
        var (service, backends) = await _client.ServiceAsync(1, Policy);
        var failing = true;
        backends[0].Respond = _ => Volatile.Read(ref failing) ? new ParticipantReply(500) : ParticipantReply.Ok();
        try
        {
            // Two failures of two calls: the breaker opens.
            Assert.Equal(HttpStatusCode.InternalServerError, (await _client.MeshGetAsync(service, "/x")).StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, (await _client.MeshGetAsync(service, "/x")).StatusCode);

            // Open: refused without reaching the instance.
            var rejected = await _client.MeshGetAsync(service, "/x");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
            Assert.Equal("circuitOpen", await rejected.RuleAsync());
            Assert.Equal(2, backends[0].Requests.Count);

            // After the break one probe goes through (half-open); it fails, so the breaker opens again.
            var probe = await Eventually.MatchAsync(() => _client.MeshGetAsync(service, "/x"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
            Assert.Equal(HttpStatusCode.InternalServerError, probe.StatusCode);
            Assert.Equal(3, backends[0].Requests.Count);
            Assert.Equal("circuitOpen", await (await _client.MeshGetAsync(service, "/x")).RuleAsync());

            // The instance recovers: the next probe passes and closes the breaker, so calls flow again.
            Volatile.Write(ref failing, false);
            await Eventually.MatchAsync(async () => (await _client.MeshGetAsync(service, "/x")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(15));
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await _client.MeshGetAsync(service, "/x")).StatusCode);
            }
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Breaker_OneFailingInstanceOfTwo_OnlyItsBreakerOpensAndTheOtherServes()
    {
        var (service, backends) = await _client.ServiceAsync(2, Policy);
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            for (var i = 0; i < 6; i++)
            {
                await _client.MeshGetAsync(service, "/x");
            }

            var failingHits = backends[0].Requests.Count;
            var healthyHits = backends[1].Requests.Count;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                statuses.Add((await _client.MeshGetAsync(service, "/x")).StatusCode);
            }

            Assert.Equal(2, failingHits);
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Equal(failingHits, backends[0].Requests.Count);
            Assert.Equal(healthyHits + 10, backends[1].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Breaker_SameAddressInTwoServices_IsNotShared()
    {
        var (first, backends) = await _client.ServiceAsync(1, Policy);
        var second = Registry.RegistryApi.NewService();
        await Registry.RegistryApi.RegisterAsync(_client, second, "i-0", new { address = backends[0].BaseUrl });
        await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(_client, $"/api/v1/services/{second}/policy", Policy);
        var failing = true;
        backends[0].Respond = r => Volatile.Read(ref failing) ? new ParticipantReply(500) : ParticipantReply.Ok();
        try
        {
            await _client.MeshGetAsync(first, "/x");
            await _client.MeshGetAsync(first, "/x");
            Assert.Equal("circuitOpen", await (await _client.MeshGetAsync(first, "/x")).RuleAsync());

            Volatile.Write(ref failing, false);
            var other = await _client.MeshGetAsync(second, "/x");

            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
