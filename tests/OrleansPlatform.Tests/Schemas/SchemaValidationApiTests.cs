using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;
using static OrleansPlatform.Tests.Schemas.SchemaApiExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Registering schemas and validating appends and publishes against them (issue 13), once per storage backend.</summary>
public abstract class SchemaValidationApiTests(HttpClient client)
{
    private static readonly string OrderV1 = ObjectSchema(["amount"], ("amount", "number"), ("note", "string"));

    [Fact]
    public async Task PutSchema_NewType_Returns201AndGetListsIt()
    {
        var type = NewType();

        var response = await client.PutSchemaAsync(type, 1, OrderV1);
        var again = await client.PutSchemaAsync(type, 1, OrderV1);
        var listed = await client.GetJsonAsync($"/api/v1/schemas/{type}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, listed["latestVersion"].Long());
        Assert.Equal("number", listed["versions"]![0]!["schema"]!["properties"]!["amount"]!["type"].Str());
    }

    [Fact]
    public async Task GetSchema_UnknownType_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/schemas/{NewType()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(1, """{"type":"object","properties":{"a":{"type":"nonsense"}}}""", "schema")]
    [InlineData(2, """{"type":"object"}""", "version")]
    public async Task PutSchema_Malformed_Returns400NamingTheField(int version, string schema, string field)
    {
        var response = await client.PutSchemaAsync(NewType(), version, schema);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task PutSchema_SameVersionOtherContent_Returns409()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);

        var response = await client.PutSchemaAsync(type, 1, """{"type":"object"}""");

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Append_InvalidData_Returns400WithErrorsKeyedByPointer()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);
        var stream = NewStreamId();

        var response = await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":5}},{"type":"{{{type}}}","data":{"amount":"five","note":3}}]""");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["/events/1/data/amount", "/events/1/data/note"], errors.Select(e => e.Key).Order().ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/events")).StatusCode);
    }

    [Fact]
    public async Task Append_MissingRequiredMember_Returns400AtTheDataRoot()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);

        var response = await client.AppendJsonAsync(NewStreamId(), $$$"""[{"type":"{{{type}}}","data":{"note":"x"}}]""");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["/events/0/data"]);
    }

    [Fact]
    public async Task Append_ValidDataAndUnregisteredType_AreStoredWithTheirSchemaVersion()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);
        var stream = NewStreamId();

        var response = await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":5}},{"type":"Unregistered","data":{"anything":true}}]""");
        var events = (await client.GetJsonAsync($"/api/v1/streams/{stream}/events"))["events"]!.AsArray();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, events[0]!["schemaVersion"].Long());
        Assert.Null(events[1]!["schemaVersion"]);
    }

    [Fact]
    public async Task Append_NamingAnUnknownSchemaVersion_Returns400()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);

        var response = await client.AppendJsonAsync(NewStreamId(), $$$"""[{"type":"{{{type}}}","schemaVersion":7,"data":{"amount":5}}]""");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["/events/0/schemaVersion"]);
    }

    [Fact]
    public async Task Publish_InvalidData_Returns400WithPointersIntoTheRequest()
    {
        var type = NewType();
        await client.RegisterAsync(type, 1, OrderV1);
        var topic = await client.CreateTopicAsync(partitions: 4);

        var single = await client.PostJsonAsync($"/api/v1/topics/{topic}/events", $$$"""{"type":"{{{type}}}","data":{"amount":"x"}}""");
        var batch = await client.PostJsonAsync($"/api/v1/topics/{topic}/events",
            $$$"""{"events":[{"key":"a","type":"{{{type}}}","data":{"amount":1}},{"key":"b","type":"{{{type}}}","data":{"amount":2}},{"key":"c","type":"{{{type}}}","data":{"amount":"x"}}]}""");

        Assert.NotNull((await single.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["/data/amount"]);
        Assert.NotNull((await batch.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!["/events/2/data/amount"]);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSchemaValidationApiTests(SqlitePlatformFixture fixture) : SchemaValidationApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSchemaValidationApiTests(PostgresPlatformFixture fixture) : SchemaValidationApiTests(fixture.Client);
