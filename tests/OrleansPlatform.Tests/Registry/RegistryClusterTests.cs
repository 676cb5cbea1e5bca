using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>The registry on a two-silo PostgreSQL cluster: losing a silo loses no registration.</summary>
public sealed class RegistryClusterTests
{
    [Fact]
    public async Task SiloLeaves_ServicesItHostedAreServedByTheSurvivorWithTheirInstancesAndIndex()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "registry-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivor = PlatformHost.Postgres(database, clusterId);
        var a = await survivor.StartAsync();
        var leaving = PlatformHost.Postgres(database, clusterId);
        var b = await leaving.StartAsync();
        var services = Enumerable.Range(0, 8).Select(_ => RegistryApi.NewService()).ToList();
        var indexes = new Dictionary<string, long>();
        foreach (var service in services)
        {
            await b.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", weight = 2 });
            indexes[service] = (await (await b.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" })).JsonAsync())["index"].Long();
        }

        await leaving.DisposeAsync();

        foreach (var service in services)
        {
            var view = await Eventually.MatchAsync(async () => await a.GetAsync($"/api/v1/services/{service}"), r => r.IsSuccessStatusCode);
            var json = await view.JsonAsync();
            Assert.Equal(indexes[service], json["index"].Long());
            Assert.Equal(["i-1", "i-2"], json["instances"]!.AsArray().Select(i => i!["instanceId"].Str()));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await a.GetAsync($"/api/v1/services/{service}/resolve")).StatusCode);
        }
    }
}
