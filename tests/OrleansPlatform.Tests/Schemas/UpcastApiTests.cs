using System.Net;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;
using static OrleansPlatform.Tests.Schemas.SchemaApiExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Schema versions and upcasts (issue 13): every read path shows the latest version; raw reads show what is stored.</summary>
public abstract class UpcastApiTests(HttpClient client)
{
    private const string V1Data = """{"amount":10,"legacy":"x"}""";
    private const string V3Data = """{"total":{"amount":10},"currency":"EUR"}""";

    private static readonly string V1 = ObjectSchema(["amount"], ("amount", "number"), ("legacy", "string"));
    private static readonly string V2 = ObjectSchema(["total"], ("total", "number"));
    private const string V3 = """{"type":"object","required":["total","currency"],"properties":{"total":{"type":"object","required":["amount"]},"currency":{"type":"string"}}}""";
    private const string V1ToV2 = """[{"rename":{"/amount":"/total"}},{"remove":["/legacy"]}]""";
    private const string V2ToV3 = """[{"move":{"/total":"/price"}},{"move":{"/price":"/total/amount"}},{"default":{"/currency":"EUR"}}]""";

    [Fact]
    public async Task UpcastChain_V1ToV3_SeenIdenticallyThroughEveryReadPath()
    {
        var (type, stream, topic, position) = await StoreV1EventsAsync();
        await client.RegisterAsync(type, 2, V2, 1, V1ToV2);
        await client.RegisterAsync(type, 3, V3, 2, V2ToV3);

        var fromStream = await client.FromStreamAsync(stream, 1);
        var fromFeed = await client.FromFeedAsync(position);
        var fromLive = await client.FromLiveFeedAsync(position);
        var pulled = await client.FromPullSubscriptionAsync(topic, 1);
        var state = await client.StateAsync(stream, 1);

        foreach (var e in new[] { fromStream, fromFeed, fromLive })
        {
            Assert.Equal(V3Data, e["data"]!.ToJsonString());
            Assert.Equal(3, e["schemaVersion"].Long());
        }

        Assert.Equal(V3Data, Assert.Single(pulled)["data"]!.ToJsonString());
        Assert.Equal(V3Data, state.ToJsonString());
        var diff = await client.GetJsonAsync($"/api/v1/streams/{stream}/diff?from=0&to=1");
        Assert.Equal(V3Data, diff["to"]!.ToJsonString());
        var whatIf = await client.PostJsonAsync($"/api/v1/streams/{stream}/what-if", """{"at":{"version":1},"without":[],"append":[]}""");
        Assert.Equal(V3Data, (await whatIf.ProblemAsync(HttpStatusCode.OK))["hypothetical"]!.ToJsonString());
    }

    [Fact]
    public async Task RawReads_ShowEventsAsStored()
    {
        var (type, stream, _, position) = await StoreV1EventsAsync();
        await client.RegisterAsync(type, 2, V2, 1, V1ToV2);

        var fromStream = await client.FromStreamAsync(stream, 1, raw: true);
        var fromFeed = await client.FromFeedAsync(position, raw: true);

        foreach (var e in new[] { fromStream, fromFeed })
        {
            Assert.Equal(V1Data, e["data"]!.ToJsonString());
            Assert.Equal(1, e["schemaVersion"].Long());
        }
    }

    [Fact]
    public async Task Append_AfterAnUpcast_StoresTheLatestVersionOrTheOneNamed()
    {
        var (type, stream, _, _) = await StoreV1EventsAsync();
        await client.RegisterAsync(type, 2, V2, 1, V1ToV2);

        Assert.Equal(HttpStatusCode.Created, (await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"total":4}}]""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","schemaVersion":1,"data":{"amount":5}}]""")).StatusCode);
        var refused = await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":5}}]""");

        Assert.Equal(2, (await client.FromStreamAsync(stream, 2, raw: true))["schemaVersion"].Long());
        Assert.Equal(1, (await client.FromStreamAsync(stream, 3, raw: true))["schemaVersion"].Long());
        Assert.Equal("""{"total":5}""", (await client.FromStreamAsync(stream, 3))["data"]!.ToJsonString());
        Assert.NotNull((await refused.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["/events/0/data"]);
    }

    [Fact]
    public async Task PutSchema_RequiredMemberTheRulesDoNotProvide_Returns409()
    {
        var (type, _, _, _) = await StoreV1EventsAsync();

        var response = await client.PutSchemaAsync(type, 2, ObjectSchema(["amount", "customer"], ("amount", "number")));

        Assert.Contains("/customer", (await response.ProblemAsync(HttpStatusCode.Conflict))["detail"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutSchema_StoredEventsFailingTheNewVersion_Returns409AndKeepsTheOldOne()
    {
        var (type, _, _, _) = await StoreV1EventsAsync();

        // The rules satisfy "required", but stored amounts are numbers, not strings.
        var response = await client.PutSchemaAsync(type, 2, ObjectSchema(["total"], ("total", "string")), 1, V1ToV2);

        await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, (await client.GetJsonAsync($"/api/v1/schemas/{type}"))["latestVersion"].Long());
    }

    [Fact]
    public async Task Registration_IsAnAuditedEventInTheFeed()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, V1);

        var feed = await client.GetJsonAsync("/api/v1/events?type=SchemaRegistered.v1&limit=10000");

        Assert.Contains(feed["events"]!.AsArray(), e => e!["streamId"].Str() == "$schema:registry" && e["data"]!.ToJsonString().Contains(type, StringComparison.Ordinal));
    }

    /// <summary>Registers v1 of a new type and stores one v1 event in a stream and one in a topic.</summary>
    private async Task<(string Type, string Stream, string Topic, long Position)> StoreV1EventsAsync()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, V1);
        var stream = NewStreamId();
        var appended = await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{{{V1Data}}}}]""");
        var topic = await client.CreateTopicAsync(partitions: 1);
        await client.PublishAsync(topic, [("k", type, JsonNode.Parse(V1Data)!)]);
        return (type, stream, topic, (await appended.JsonAsync())["position"].Long());
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteUpcastApiTests(SqlitePlatformFixture fixture) : UpcastApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresUpcastApiTests(PostgresPlatformFixture fixture) : UpcastApiTests(fixture.Client);
