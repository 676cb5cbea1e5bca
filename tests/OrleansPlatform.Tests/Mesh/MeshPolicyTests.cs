using System.Net;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>Rate limits per caller × service, and the allowlist with the API open (the header names the caller).</summary>
[Collection(MeshCollection.Name)]
public sealed class MeshPolicyTests(MeshPlatformFixture fixture)
{
    private static readonly string[] OnlyOrders = ["orders"];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task RateLimit_OverTheCallersBucket_Returns429WithRetryAfterWhileOtherCallersPass()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { rateLimit = new { permitsPerSecond = 0.2, burst = 2 } });
        try
        {
            var first = await _client.MeshGetAsync(service, "/x", "orders");
            var second = await _client.MeshGetAsync(service, "/x", "orders");
            var limited = await _client.MeshGetAsync(service, "/x", "orders");
            var otherCaller = await _client.MeshGetAsync(service, "/x", "billing");

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("rateLimit", await limited.RuleAsync());
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
            Assert.Equal(3, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Allowlist_OpenApi_TakesTheCallerHeaderAsGiven()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { allowedCallers = OnlyOrders });
        try
        {
            var allowed = await _client.MeshGetAsync(service, "/x", "orders");
            var refused = await _client.MeshGetAsync(service, "/x", "billing");
            var anonymous = await _client.MeshGetAsync(service, "/x");

            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var problem = await refused.JsonAsync();
            Assert.Equal("allowlist", problem["rule"].Str());
            Assert.Equal(service, problem["service"].Str());
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
            Assert.Single(backends[0].Requests);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Policy_ChangedAfterCalls_TheMeshFollowsIt()
    {
        var (service, backends) = await _client.ServiceAsync(1);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.MeshGetAsync(service, "/x", "billing")).StatusCode);

            await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(_client, $"/api/v1/services/{service}/policy", new { allowedCallers = OnlyOrders });

            await Infrastructure.Eventually.MatchAsync(async () => (await _client.MeshGetAsync(service, "/x", "billing")).StatusCode,
                s => s == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
