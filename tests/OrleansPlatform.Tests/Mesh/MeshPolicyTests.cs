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

    [Theory]
    [InlineData("""{"outlierEjection":{"consecutiveFailures":0}}""", "outlierEjection")]
    [InlineData("""{"outlierEjection":{"maxEjectionPercent":101}}""", "outlierEjection")]
    [InlineData("""{"retry":{"maxAttempts":2,"budgetPercent":-1}}""", "retry.budgetPercent")]
    [InlineData("""{"deadline":"-00:00:01"}""", "deadline")]
    public async Task Policy_InvalidMeshSettings_Returns400NamingTheField(string json, string field)
    {
        var response = await _client.PutAsync($"/api/v1/services/{Registry.RegistryApi.NewService()}/policy",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]![field]);
    }

    [Fact]
    public async Task Policy_MeshSettings_RoundTrip()
    {
        var service = Registry.RegistryApi.NewService();
        var put = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(_client, $"/api/v1/services/{service}/policy", new
        {
            deadline = "00:00:05",
            retry = new { maxAttempts = 3, budgetPercent = 10.0 },
            outlierEjection = new { consecutiveFailures = 4, baseEjectionTime = "00:00:10", maxEjectionPercent = 25 },
        });

        var policy = await put.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("00:00:05", policy["deadline"].Str());
        Assert.Equal(10.0, policy["retry"]!["budgetPercent"]!.GetValue<double>());
        Assert.Equal(4, policy["outlierEjection"]!["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal("00:00:10", policy["outlierEjection"]!["baseEjectionTime"].Str());
        Assert.Equal(25, policy["outlierEjection"]!["maxEjectionPercent"]!.GetValue<int>());
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
