using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>The registry over HTTP (api.md "Registry and mesh"), run once per storage backend.</summary>
public abstract class RegistryApiTests(HttpClient client)
{
    [Fact]
    public async Task Register_NewThenRepeatThenChanged_Returns201Then200AndTheIndexMovesOnlyOnChange()
    {
        var service = RegistryApi.NewService();
        var body = new { address = "http://127.0.0.1:7001", weight = 2, metadata = new { zone = "a" }, tags = new[] { "v1" }, ttl = "00:01:00" };

        var created = await client.RegisterAsync(service, "i-1", body);
        var repeated = await client.RegisterAsync(service, "i-1", body);
        var indexAfterRepeat = (await repeated.JsonAsync())["index"].Long();
        var changed = await client.RegisterAsync(service, "i-1", body with { weight = 3 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal((await created.JsonAsync())["index"].Long(), indexAfterRepeat);
        var response = await client.GetAsync($"/api/v1/services/{service}");
        var view = await response.JsonAsync();
        Assert.Equal(indexAfterRepeat + 1, view["index"].Long());
        Assert.Equal(view["index"].Long().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Platform-Index").Single());
        var instance = view["instances"]!.AsArray().Single()!;
        Assert.Equal(service, view["service"].Str());
        Assert.Equal("i-1", instance["instanceId"].Str());
        Assert.Equal("http://127.0.0.1:7001", instance["address"].Str());
        Assert.Equal("healthy", instance["status"].Str());
        Assert.Equal(3, instance["weight"]!.GetValue<int>());
        Assert.Equal("a", instance["metadata"]!["zone"].Str());
        Assert.Equal("v1", instance["tags"]![0].Str());
        Assert.NotNull(instance["lastHeartbeat"]);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Theory]
    [InlineData("""{"address":"not a url"}""")]
    [InlineData("""{"address":"http://127.0.0.1:7001","weight":0}""")]
    [InlineData("""{"address":"http://127.0.0.1:7001","healthCheck":{"path":"health","interval":"00:00:05"}}""")]
    [InlineData("""{"weight":1}""")]
    public async Task Register_Invalid_Returns400(string json)
    {
        var response = await client.PutAsync($"/api/v1/services/{RegistryApi.NewService()}/instances/i-1",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Register_InvalidServiceName_Returns400()
    {
        var response = await client.RegisterAsync("Not_A_Dns_Label", "i-1", new { address = "http://127.0.0.1:7001" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Heartbeat_KnownThenUnknownInstance_Returns204Then404()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });

        var known = await client.HeartbeatAsync(service, "i-1");
        var unknown = await client.HeartbeatAsync(service, "i-2");

        Assert.Equal(HttpStatusCode.NoContent, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Deregister_TwiceThenGet_Returns204TwiceAndTheInstanceIsGone()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });
        await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });

        var first = await client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");
        var second = await client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal("i-2", (await client.InstancesAsync(service)).Single()!["instanceId"].Str());
    }

    [Fact]
    public async Task GetService_NeverRegistered_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/services/{RegistryApi.NewService()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListServices_AfterRegistering_IncludesTheServiceWithCounts()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });

        var list = await client.GetJsonAsync("/api/v1/services");

        var entry = list["services"]!.AsArray().Single(s => s!["service"].Str() == service)!;
        Assert.Equal(1, entry["instances"]!.GetValue<int>());
        Assert.Equal(1, entry["healthy"]!.GetValue<int>());
    }

    [Fact]
    public async Task Resolve_RoundRobinOverTwo_Alternates()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", metadata = new { v = "1" } });
        await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });

        var picks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            picks.Add((await client.GetJsonAsync($"/api/v1/services/{service}/resolve?strategy=roundRobin"))["instanceId"].Str());
        }

        Assert.Equal(3, picks.Count(p => p == "i-1"));
        Assert.Equal(3, picks.Count(p => p == "i-2"));
        Assert.NotEqual(picks[0], picks[1]);
    }

    [Fact]
    public async Task Resolve_ConsistentHashSameKey_SameInstance()
    {
        var service = RegistryApi.NewService();
        for (var i = 1; i <= 3; i++)
        {
            await client.RegisterAsync(service, $"i-{i}", new { address = $"http://127.0.0.1:700{i}" });
        }

        var picks = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            picks.Add((await client.GetJsonAsync($"/api/v1/services/{service}/resolve?strategy=consistentHash&key=customer-7"))["instanceId"].Str());
        }

        Assert.Single(picks);
    }

    [Theory]
    [InlineData("strategy=fastest")]
    [InlineData("strategy=consistentHash")]
    public async Task Resolve_UnknownStrategyOrHashWithoutKey_Returns400(string query)
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });

        var response = await client.GetAsync($"/api/v1/services/{service}/resolve?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Resolve_NoInstance_Returns503ProblemDetails()
    {
        var response = await client.GetAsync($"/api/v1/services/{RegistryApi.NewService()}/resolve");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await response.JsonAsync())["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutPolicy_ValidThenInvalid_StoredAsGivenThen400()
    {
        var service = RegistryApi.NewService();
        var policy = new
        {
            allowedCallers = new[] { "orders" },
            rateLimit = new { permitsPerSecond = 100, burst = 200 },
            timeout = "00:00:05",
            retry = new { maxAttempts = 2 },
            circuitBreaker = new { failureRatio = 0.5, minimumThroughput = 10, breakDuration = "00:00:30" },
            loadBalancing = "weighted",
        };

        var stored = await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", policy);
        var invalid = await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", new { retry = new { maxAttempts = 0 }, loadBalancing = "fastest" });

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var read = (await client.GetJsonAsync($"/api/v1/services/{service}"))["policy"]!;
        Assert.Equal("orders", read["allowedCallers"]![0].Str());
        Assert.Equal(200, read["rateLimit"]!["burst"]!.GetValue<int>());
        Assert.Equal("00:00:05", read["timeout"].Str());
        Assert.Equal(2, read["retry"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal("00:00:30", read["circuitBreaker"]!["breakDuration"].Str());
        Assert.Equal("weighted", read["loadBalancing"].Str());
    }

    [Fact]
    public async Task GetService_BlockingOnIndex_WakesOnAChange()
    {
        var service = RegistryApi.NewService();
        var index = (await (await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" })).JsonAsync())["index"].Long();
        var started = DateTime.UtcNow;

        var waiting = client.GetAsync($"/api/v1/services/{service}?index={index}&wait=30s");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });
        var response = await waiting;

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        var view = await response.JsonAsync();
        Assert.True(view["index"].Long() > index);
        Assert.Equal(2, view["instances"]!.AsArray().Count);
        Assert.Equal(view["index"].Long().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Platform-Index").Single());
    }

    [Fact]
    public async Task GetService_BlockingWithoutChange_AnswersAfterTheWaitWithTheSameIndex()
    {
        var service = RegistryApi.NewService();
        var index = (await (await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" })).JsonAsync())["index"].Long();

        var view = await client.GetJsonAsync($"/api/v1/services/{service}?index={index}&wait=300ms");

        Assert.Equal(index, view["index"].Long());
    }

    [Fact]
    public async Task Watch_Sse_SendsTheServiceThenEachChange()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"/api/v1/services/{service}/watch", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));

        var first = await RegistryApi.NextEventAsync(reader, stop.Token);
        await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });
        var second = await RegistryApi.NextEventAsync(reader, stop.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(first["instances"]!.AsArray());
        Assert.Equal(2, second["instances"]!.AsArray().Count);
        Assert.True(second["index"].Long() > first["index"].Long());
    }

    [Fact]
    public async Task HealthCheck_FailingThenPassing_EjectsThenRestores()
    {
        await using var backend = await ParticipantServer.StartAsync();
        var healthy = true;
        backend.Respond = _ => new ParticipantReply(healthy ? 200 : 500);
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = backend.BaseUrl, healthCheck = new { path = "/health", interval = "00:00:00.050", timeout = "00:00:01" } });
        await Eventually.MatchAsync(() => Task.FromResult(backend.To("/health").Count), c => c >= 1);

        healthy = false;
        await Eventually.MatchAsync(() => client.StatusOfAsync(service, "i-1"), s => s == "unhealthy");
        var whileDown = await client.GetAsync($"/api/v1/services/{service}/resolve");
        healthy = true;
        await Eventually.MatchAsync(() => client.StatusOfAsync(service, "i-1"), s => s == "healthy");
        var afterRecovery = await client.GetAsync($"/api/v1/services/{service}/resolve");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRecovery.StatusCode);
    }

    [Fact]
    public async Task Ttl_NoHeartbeatThenHeartbeats_TurnsUnhealthyThenRecovers()
    {
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", ttl = "00:00:01" });

        await Eventually.MatchAsync(() => client.StatusOfAsync(service, "i-1"), s => s == "unhealthy");
        await Eventually.MatchAsync(async () =>
        {
            await client.HeartbeatAsync(service, "i-1");
            return await client.StatusOfAsync(service, "i-1");
        }, s => s == "healthy");
    }
}

[Collection(RegistryCollection.Name)]
public sealed class SqliteRegistryApiTests(RegistryPlatformFixture fixture) : RegistryApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresRegistryApiTests(PostgresPlatformFixture fixture) : RegistryApiTests(fixture.Client);
