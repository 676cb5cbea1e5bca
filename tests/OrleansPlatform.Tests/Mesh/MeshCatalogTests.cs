using System.Net;
using OrleansPlatform.Gateway.Mesh;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>The gateway's cached views: a service no longer called is forgotten, and read afresh when called again.</summary>
public sealed class MeshCatalogTests
{
    [Fact]
    public async Task Catalog_IdleService_IsForgottenThenReadAgainOnTheNextCall()
    {
        await using var host = PlatformHost.Sqlite().With("Platform:Mesh:ForgetIdleAfter", "00:00:01");
        var client = await host.StartAsync();
        var catalog = host.Service<MeshCatalog>();
        var (service, backends) = await client.ServiceAsync(1);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.MeshGetAsync(service, "/x")).StatusCode);
            Assert.True(catalog.Holds(service));

            await Eventually.MatchAsync(() => Task.FromResult(catalog.Holds(service)), held => !held, TimeSpan.FromSeconds(15));
            var again = await client.MeshGetAsync(service, "/x");

            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True(catalog.Holds(service));
            Assert.Equal(2, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
