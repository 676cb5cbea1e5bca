using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Crypto-shredding end to end (issue 13), once per storage backend.</summary>
public abstract class ErasureApiTests(PlatformHost host, HttpClient client)
{
    private const string Personal = """{"name":"Ada","email":"ada@example.com"}""";

    [Fact]
    public async Task SubjectEvents_StoredAsCiphertext_ReadDecrypted_AndRedactedEverywhereOnceErased()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        var stream = NewStreamId();
        var subscription = await CreateEventStoreSubscriptionAsync(stream);
        var appended = await client.AppendJsonAsync(stream,
            $$$"""[{"type":"ProfileSet","data":{{{Personal}}},"metadata":{"subject":"{{{subject}}}"}},{"type":"Noted","data":{"note":"kept"}}]""");
        var position = (await appended.ProblemAsync(HttpStatusCode.Created))["position"].Long() - 1;

        var stored = await host.Service<PresentingEventLog>().Stored.ReadStreamAsync(stream, 1, 1, ReadDirection.Forward, CancellationToken.None);
        Assert.Contains("$sealed", stored[0].Data, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", stored[0].Data, StringComparison.Ordinal);
        Assert.Equal(Personal, (await client.FromStreamAsync(stream, 1))["data"]!.ToJsonString());
        Assert.Equal(Personal, (await client.FromFeedAsync(position))["data"]!.ToJsonString());
        Assert.Equal(Personal, (await PullAsync(subscription, 2))[0]["data"]!.ToJsonString());

        var erased = await client.DeleteAsync($"/api/v1/subjects/{subject}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var paths = new[]
        {
            await client.FromStreamAsync(stream, 1),
            await client.FromStreamAsync(stream, 1, raw: true),
            await client.FromFeedAsync(position),
            await client.FromLiveFeedAsync(position),
        };
        foreach (var e in paths)
        {
            Assert.Null(e["data"]);
            Assert.True(e["redacted"]!.GetValue<bool>());
        }

        Assert.Null((await PullAsync(await CreateEventStoreSubscriptionAsync(stream), 2))[0]["data"]);
        Assert.Equal("""{"note":"kept"}""", (await client.StateAsync(stream, 2)).ToJsonString());
        Assert.Equal("""{"note":"kept"}""", (await client.FromStreamAsync(stream, 2))["data"]!.ToJsonString());
        var whatIf = await client.PostJsonAsync($"/api/v1/streams/{stream}/what-if", """{"at":{"version":2},"without":[],"append":[]}""");
        Assert.Equal("""{"note":"kept"}""", (await whatIf.ProblemAsync(HttpStatusCode.OK))["hypothetical"]!.ToJsonString());
        var diff = await client.GetJsonAsync($"/api/v1/streams/{stream}/diff?from=1&to=2");
        Assert.Equal("{}", diff["from"]!.ToJsonString());
        Assert.Equal("""{"note":"kept"}""", diff["to"]!.ToJsonString());
        var audit = await client.GetJsonAsync("/api/v1/events?type=SubjectErased.v1&limit=10000");
        Assert.Contains(audit["events"]!.AsArray(), e => e!["streamId"].Str() == "$subject:" + subject);
    }

    [Fact]
    public async Task Append_NamingAnErasedSubject_Returns409()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/v1/subjects/{subject}")).StatusCode);

        var response = await client.AppendJsonAsync(NewStreamId(), $$$"""[{"type":"ProfileSet","data":{"name":"x"},"metadata":{"subject":"{{{subject}}}"}}]""");

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DeleteSubject_Repeated_AnswersTheFirstErasure()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");

        var first = await (await client.DeleteAsync($"/api/v1/subjects/{subject}")).JsonAsync();
        var second = await (await client.DeleteAsync($"/api/v1/subjects/{subject}")).JsonAsync();

        Assert.Equal(first["erasedAt"].Str(), second["erasedAt"].Str());
        Assert.Equal(subject, second["subjectId"].Str());
    }

    [Fact]
    public async Task Append_DataUsingTheReservedEnvelope_Returns400()
    {
        var response = await client.AppendJsonAsync(NewStreamId(), """[{"type":"Sneaky","data":{"$sealed":{"subject":"x"}}}]""");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<string> CreateEventStoreSubscriptionAsync(string streamPrefix)
    {
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            source = new { type = "eventStore", streamPrefix, partitions = 1 },
            delivery = new { type = "pull" },
            startFrom = "earliest",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    private async Task<IReadOnlyList<JsonNode>> PullAsync(string subscription, int count)
    {
        var pulled = new List<JsonNode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (pulled.Count < count && DateTime.UtcNow < deadline)
        {
            pulled.AddRange(await client.PullAsync(subscription, count - pulled.Count, "2s"));
        }

        Assert.Equal(count, pulled.Count);
        return pulled;
    }
}

[Collection(SqliteErasureCollection.Name)]
public sealed class SqliteErasureApiTests(SqliteErasureFixture fixture) : ErasureApiTests(fixture.Host, fixture.Client);

[Collection(PostgresErasureCollection.Name)]
public sealed class PostgresErasureApiTests(PostgresErasureFixture fixture) : ErasureApiTests(fixture.Host, fixture.Client);

/// <summary>Without a master key, events naming a subject are refused, never stored as plaintext.</summary>
public abstract class NoMasterKeyApiTests(HttpClient client)
{
    [Fact]
    public async Task Append_NamingASubjectWithoutMasterKey_Returns400AndStoresNothing()
    {
        var stream = NewStreamId();

        var response = await client.AppendJsonAsync(stream, """[{"type":"ProfileSet","data":{"name":"Ada"},"metadata":{"subject":"p-1"}}]""");

        Assert.NotNull((await response.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["/events/0/metadata/subject"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/events")).StatusCode);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteNoMasterKeyApiTests(SqlitePlatformFixture fixture) : NoMasterKeyApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresNoMasterKeyApiTests(PostgresPlatformFixture fixture) : NoMasterKeyApiTests(fixture.Client);
