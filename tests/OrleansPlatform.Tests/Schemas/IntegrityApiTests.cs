using System.Net;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Storage;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>The checksum chain through the real append path and the verify route (issue 13), once per backend.</summary>
public abstract class IntegrityApiTests(PlatformHost host, HttpClient client)
{
    [Fact]
    public async Task Verify_ConcurrentAppendsAndErasure_ChainRecomputesAndStaysValid()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        var stream = NewStreamId();
        var first = await client.AppendJsonAsync(stream, $$$"""[{"type":"ProfileSet","data":{"name":"Ada"},"metadata":{"subject":"{{{subject}}}"}}]""");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var appends = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.AppendJsonAsync(stream, $$$"""[{"type":"Noted","data":{"i":{{{i}}}}},{"type":"Noted","data":{"j":{{{i}}}}}]""")));
        Assert.All(appends, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        var stored = await host.Service<PresentingEventLog>().Stored.ReadStreamAsync(stream, 1, 100, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal(17, stored.Count);
        string? previous = null;
        foreach (var e in stored)
        {
            Assert.Equal(previous, e.PreviousChecksum);
            Assert.Equal(EventLogContractTests.Independent(e, previous), e.Checksum);
            previous = e.Checksum;
        }

        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events?limit=100");
        Assert.Equal(stored.Select(e => e.Checksum), read["events"]!.AsArray().Select(e => e!["checksum"].Str()));
        Assert.Equal(stored.Select(e => e.PreviousChecksum), read["events"]!.AsArray().Select(e => e!["previousChecksum"]?.GetValue<string>()));
        Assert.Equal("""{"valid":true,"checked":17}""", (await client.GetJsonAsync($"/api/v1/streams/{stream}/verify")).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/v1/subjects/{subject}")).StatusCode);

        Assert.Equal("""{"valid":true,"checked":17}""", (await client.GetJsonAsync($"/api/v1/streams/{stream}/verify")).ToJsonString());
    }

    [Fact]
    public async Task Verify_UnknownStream_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/streams/{NewStreamId()}/verify");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

[Collection(SqliteErasureCollection.Name)]
public sealed class SqliteIntegrityApiTests(SqliteErasureFixture fixture) : IntegrityApiTests(fixture.Host, fixture.Client);

[Collection(PostgresErasureCollection.Name)]
public sealed class PostgresIntegrityApiTests(PostgresErasureFixture fixture) : IntegrityApiTests(fixture.Host, fixture.Client);
