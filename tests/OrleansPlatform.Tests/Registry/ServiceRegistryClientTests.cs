using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Client;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>The typed registry client as another service uses it, and .NET service discovery backed by the registry.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ServiceRegistryClientTests(RegistryPlatformFixture fixture)
{
    [Fact]
    public async Task Register_WithTtl_HeartbeatsKeepItHealthyAndStoppingTheHostDeregisters()
    {
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host);
        var registry = host.Services.GetRequiredService<IServiceRegistry>();
        var registeredAt = DateTimeOffset.UtcNow;

        Assert.True(await registry.RegisterAsync(service, "i-1", new ServiceRegistration("http://127.0.0.1:7001", Ttl: TimeSpan.FromSeconds(1))));
        // Several ttls later, heartbeats alone keep it healthy (the registry sweeps every 100 ms).
        // A loaded machine may delay one heartbeat past the ttl (the instance then reads unhealthy until the next one
        // lands), so this asks for a healthy reading after several ttls, not for one particular sample.
        await Eventually.MatchAsync(() => registry.GetServiceAsync(service),
            v => v!.Instances.Single() is { Status: InstanceStatus.Healthy } i && i.LastHeartbeat > registeredAt + TimeSpan.FromSeconds(3));
        await ClientHost.StopAsync(host);

        Assert.Empty(await fixture.Client.InstancesAsync(service));
    }

    [Fact]
    public async Task Register_RemovedBehindTheClientsBack_NextHeartbeatRegistersItAgain()
    {
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host);
        try
        {
            await host.Services.GetRequiredService<IServiceRegistry>()
                .RegisterAsync(service, "i-1", new ServiceRegistration("http://127.0.0.1:7001", Ttl: TimeSpan.FromMilliseconds(300)));

            await fixture.Client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");

            await Eventually.MatchAsync(() => fixture.Client.InstancesAsync(service), i => i.Count == 1);
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }

    [Fact]
    public async Task ResolveAndWatch_AnotherInstanceRegisters_WatchSeesItAndResolveUsesIt()
    {
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host);
        try
        {
            var registry = host.Services.GetRequiredService<IServiceRegistry>();
            await Assert.ThrowsAsync<NoHealthyInstanceException>(() => registry.ResolveAsync(service));
            await registry.RegisterAsync(service, "i-1", new ServiceRegistration("http://127.0.0.1:7001"));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var watch = registry.WatchAsync(service, stop.Token).GetAsyncEnumerator(stop.Token);

            Assert.True(await watch.MoveNextAsync());
            var first = watch.Current;
            await fixture.Client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002", weight = 3 });
            Assert.True(await watch.MoveNextAsync());
            var second = watch.Current;
            var resolved = await registry.ResolveAsync(service, BalancingStrategy.ConsistentHash, "k");

            Assert.Single(first.Instances);
            Assert.Equal(2, second.Instances.Count);
            Assert.True(second.Index > first.Index);
            Assert.Matches("^i-[12]$", resolved.InstanceId);
            Assert.Contains(service, await registry.ListServicesAsync());
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }

    [Fact]
    public async Task Resolve_CachedCopy_FollowsRegistrationsAndDeregistrationsMadeElsewhere()
    {
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host);
        try
        {
            var registry = host.Services.GetRequiredService<IServiceRegistry>();
            await fixture.Client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });
            await fixture.Client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });
            var picks = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                picks.Add((await registry.ResolveAsync(service, BalancingStrategy.RoundRobin)).InstanceId);
            }

            // Changes made through the gateway, not this client: only the watch behind the client's copy sees them.
            await fixture.Client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");
            await Eventually.MatchAsync(() => TwentyPicksAsync(registry, service), p => p.All(id => id == "i-2"));
            await fixture.Client.RegisterAsync(service, "i-3", new { address = "http://127.0.0.1:7003", weight = 3 });
            await Eventually.MatchAsync(() => TwentyPicksAsync(registry, service, BalancingStrategy.Weighted), p => p.Contains("i-3"));
            var weighted = await TwentyPicksAsync(registry, service, BalancingStrategy.Weighted);
            await fixture.Client.DeleteAsync($"/api/v1/services/{service}/instances/i-2");
            await fixture.Client.DeleteAsync($"/api/v1/services/{service}/instances/i-3");
            await Eventually.MatchAsync(async () =>
            {
                try
                {
                    await registry.ResolveAsync(service);
                    return false;
                }
                catch (NoHealthyInstanceException)
                {
                    return true;
                }
            }, gone => gone);

            Assert.Equal(2, picks.Count(p => p == "i-1"));
            Assert.Equal(2, picks.Count(p => p == "i-2"));
            // Smooth weighted over weights 1 and 3: any 20 picks in a row give i-3 exactly 15 (no drift, no bursts).
            Assert.Equal(15, weighted.Count(p => p == "i-3"));
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }

    private static async Task<List<string>> TwentyPicksAsync(IServiceRegistry registry, string service, BalancingStrategy strategy = BalancingStrategy.RoundRobin)
    {
        var picks = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            picks.Add((await registry.ResolveAsync(service, strategy)).InstanceId);
        }

        return picks;
    }

    [Fact]
    public async Task ServiceDiscovery_HttpClientWithServiceNameAsHost_CallsARegisteredInstance()
    {
        await using var backend = await ParticipantServer.StartAsync();
        backend.Respond = _ => ParticipantReply.Ok("""{"from":"orders"}""");
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host, services =>
        {
            services.AddServiceDiscovery();
            services.AddHttpClient("orders", c => c.BaseAddress = new Uri($"http://{service}")).AddServiceDiscovery();
        });
        try
        {
            await host.Services.GetRequiredService<IServiceRegistry>().RegisterAsync(service, "i-1", new ServiceRegistration(backend.BaseUrl));
            var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("orders");

            var response = await http.GetAsync(new Uri("/orders/42", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"from":"orders"}""", await response.Content.ReadAsStringAsync());
            Assert.Single(backend.To("/orders/42"));
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }

    [Fact]
    public async Task ServiceDiscovery_WithRegistryResilience_RetriesByTheServicesPolicyAndNotWithoutIt()
    {
        await using var backend = await ParticipantServer.StartAsync();
        // Each path fails its first call with 503 and answers every later one.
        backend.Respond = r => backend.To(r.Path).Count == 1 ? new ParticipantReply(503) : ParticipantReply.Ok("{}");
        var (withRetry, without) = (RegistryApi.NewService(), RegistryApi.NewService());
        await fixture.Client.RegisterAsync(withRetry, "i-1", new { address = backend.BaseUrl });
        await fixture.Client.RegisterAsync(without, "i-1", new { address = backend.BaseUrl });
        await fixture.Client.PutAsJsonAsync($"/api/v1/services/{withRetry}/policy", new { retry = new { maxAttempts = 3 }, timeout = "00:00:10" });
        var host = await ClientHost.StartAsync(fixture.Host, services =>
        {
            services.AddServiceDiscovery();
            foreach (var service in new[] { withRetry, without })
            {
                services.AddHttpClient(service, c => c.BaseAddress = new Uri($"http://{service}")).AddServiceDiscovery().AddServiceRegistryResilience(service);
            }
        });
        try
        {
            var factory = host.Services.GetRequiredService<IHttpClientFactory>();

            var retried = await factory.CreateClient(withRetry).GetAsync(new Uri("/a", UriKind.Relative));
            var notRetried = await factory.CreateClient(without).GetAsync(new Uri("/b", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            Assert.Equal(2, backend.To("/a").Count);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notRetried.StatusCode);
            Assert.Single(backend.To("/b"));
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }

    [Fact]
    public async Task ServiceDiscovery_InstanceReplaced_CallsFollowTheRegistryWithoutWaitingForARefreshPeriod()
    {
        await using var oldBackend = await ParticipantServer.StartAsync();
        await using var newBackend = await ParticipantServer.StartAsync();
        var service = RegistryApi.NewService();
        var host = await ClientHost.StartAsync(fixture.Host, services =>
        {
            services.AddServiceDiscovery();
            services.AddHttpClient("svc", c => c.BaseAddress = new Uri($"http://{service}")).AddServiceDiscovery();
        });
        try
        {
            var registry = host.Services.GetRequiredService<IServiceRegistry>();
            await registry.RegisterAsync(service, "old", new ServiceRegistration(oldBackend.BaseUrl));
            var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("svc");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/ping", UriKind.Relative))).StatusCode);

            await registry.RegisterAsync(service, "new", new ServiceRegistration(newBackend.BaseUrl));
            await registry.DeregisterAsync(service, "old");

            // Service discovery's own refresh period is 60 s; the registry's change token makes it follow at once.
            await Eventually.MatchAsync(async () =>
            {
                await http.GetAsync(new Uri("/ping", UriKind.Relative));
                return newBackend.To("/ping").Count;
            }, c => c > 0, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await ClientHost.StopAsync(host);
        }
    }
}
