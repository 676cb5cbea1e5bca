using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;
using static OrleansPlatform.Tests.Schemas.SchemaApiExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Registrations and erasures made through one silo reach the other's caches (PostgreSQL cluster).</summary>
public sealed class TwoSiloSchemaAndErasureTests
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TwoSilos_RegistrationAndErasureThroughOne_AreEnforcedByTheOther()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var cluster = "s13-" + Guid.NewGuid().ToString("N")[..8];
        var key = ErasureKeys.NewMasterKey();
        await using var siloA = PlatformHost.Postgres(database, cluster).With("Platform:Erasure:MasterKey", key);
        var a = await siloA.StartAsync();
        await using var siloB = PlatformHost.Postgres(database, cluster).With("Platform:Erasure:MasterKey", key);
        var b = await siloB.StartAsync();
        var membership = siloA.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));

        // Many streams, so their writers live on both silos: each validates with its own silo's copy of the registry.
        var type = NewType();
        await a.RegisterAsync(type, 1, ObjectSchema(["amount"], ("amount", "number")));
        foreach (var stream in Enumerable.Range(0, 10).Select(_ => NewStreamId()))
        {
            await Eventually.MatchAsync(
                async () => (await b.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":"x"}}]""")).StatusCode,
                status => status == HttpStatusCode.BadRequest, Propagation);
        }

        var subject = "person-" + Guid.NewGuid().ToString("N");
        var personal = NewStreamId();
        Assert.Equal(HttpStatusCode.Created, (await a.AppendJsonAsync(personal, $$$"""[{"type":"ProfileSet","data":{"name":"Ada"},"metadata":{"subject":"{{{subject}}}"}}]""")).StatusCode);
        Assert.Equal("""{"name":"Ada"}""", (await b.FromStreamAsync(personal, 1))["data"]!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, (await a.DeleteAsync($"/api/v1/subjects/{subject}")).StatusCode);

        var redacted = await Eventually.MatchAsync(() => b.FromStreamAsync(personal, 1), e => e["redacted"] is not null, Propagation);
        Assert.Null(redacted["data"]);
    }
}
