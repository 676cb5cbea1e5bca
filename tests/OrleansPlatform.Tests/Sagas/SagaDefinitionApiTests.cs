using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>Saga definitions over HTTP: versions and validation, once per storage backend.</summary>
public abstract class SagaDefinitionApiTests(HttpClient client)
{
    private const string Url = "http://127.0.0.1:9/x";

    [Fact]
    public async Task PutDefinition_CreateRepeatChange_Returns201Then200AndVersionsOnChangeOnly()
    {
        var name = NewName("def");
        var v1 = new { steps = new[] { new { name = "a", action = new { url = Url, method = "POST" } } } };
        var v2 = new { steps = new[] { new { name = "a", action = new { url = Url, method = "PUT" } } }, compensation = "parallel" };

        var created = await client.PutAsJsonAsync($"/api/v1/saga-definitions/{name}", v1);
        var repeated = await client.PutAsJsonAsync($"/api/v1/saga-definitions/{name}", v1);
        var changed = await client.PutAsJsonAsync($"/api/v1/saga-definitions/{name}", v2);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(1, (await repeated.JsonAsync())["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var latest = await client.GetJsonAsync($"/api/v1/saga-definitions/{name}");
        var first = await client.GetJsonAsync($"/api/v1/saga-definitions/{name}?version=1");
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal("parallel", latest["compensation"].Str());
        Assert.Equal("PUT", latest["steps"]![0]!["action"]!["method"].Str());
        Assert.Equal("POST", first["steps"]![0]!["action"]!["method"].Str());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/saga-definitions/{name}?version=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/saga-definitions/{NewName()}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"steps":[]}""", "steps", "at least one step")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"dependsOn":["ghost"]}]}""", "steps[0].dependsOn", "unknown step 'ghost'")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"dependsOn":["b"]},{"name":"b","action":{"url":"http://127.0.0.1:9/x"},"dependsOn":["c"]},{"name":"c","action":{"url":"http://127.0.0.1:9/x"},"dependsOn":["a"]}]}""", "steps", "a -> b -> c -> a")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"}},{"name":"a","action":{"url":"http://127.0.0.1:9/x"}}]}""", "steps[1].name", "Duplicate step name 'a'")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"timeout":"soon"}]}""", "steps[0].timeout", "'soon' is not a duration")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"timeout":"-00:00:01"}]}""", "steps[0].timeout", "positive")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"}}],"timeout":"00:00:00"}""", "timeout", "positive")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"retry":{"maxAttempts":0}}]}""", "steps[0].retry.maxAttempts", "Between 1")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"retry":{"backoff":"random"}}]}""", "steps[0].retry.backoff", "'random'")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"retry":{"initial":"00:00:05","max":"00:00:01"}}]}""", "steps[0].retry.max", "not be shorter")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"ftp://host/x"}}]}""", "steps[0].action", "not an absolute http(s) URL")]
    [InlineData("""{"steps":[{"name":"a","action":{"service":"payments","method":"POST"}}]}""", "steps[0].action", "path starting with '/'")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x","method":"P O"}}]}""", "steps[0].action", "not an HTTP method")]
    [InlineData("""{"steps":[{"name":"a","action":{"topic":"payments","type":"ChargeRequested"}}]}""", "steps[0].action.replyType", "reply's event type")]
    [InlineData("""{"steps":[{"name":"a","action":{"signal":"ok","url":"http://127.0.0.1:9/x"}}]}""", "steps[0].action", "exactly one of")]
    [InlineData("""{"steps":[{"name":"a","action":{"grain":""}}]}""", "steps[0].action.grain", "names its handler's grain type")]
    [InlineData("""{"steps":[{"name":"a","action":{"grain":"reserve","url":"http://127.0.0.1:9/x"}}]}""", "steps[0].action", "signal; grain")]
    [InlineData("""{"steps":[{"name":"a","action":{"grain":"reserve"},"compensation":{"grain":"un do"}}]}""", "steps[0].compensation.grain", "without spaces")]
    [InlineData("""{"steps":[{"name":"a"}]}""", "steps[0].action", "action is required")]
    [InlineData("""{"steps":[{"name":"a b","action":{"url":"http://127.0.0.1:9/x"}}]}""", "steps[0].name", "A name has")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"},"compensation":{"signal":"undo"}}]}""", "steps[0].compensation", "cannot wait for a signal")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x","body":{"total":"/input/total"}}}]}""", "steps[0].action.body", "JSON pointers")]
    [InlineData("""{"steps":[{"name":"a","action":{"url":"http://127.0.0.1:9/x"}}],"compensation":"sideways"}""", "compensation", "'sideways'")]
    public async Task PutDefinition_Invalid_Returns400NamingTheProblem(string json, string field, string message)
    {
        var response = await client.PutAsync($"/api/v1/saga-definitions/{NewName()}", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        Assert.Contains(message, string.Join(" | ", errors[field]!.AsArray().Select(e => e!.GetValue<string>())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutDefinition_BadName_Returns400()
    {
        var response = await client.PutAsJsonAsync("/api/v1/saga-definitions/bad%20name", new { steps = new[] { new { name = "a", action = new { url = Url } } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync())["errors"]!.AsObject().ContainsKey("name"));
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSagaDefinitionApiTests(SqlitePlatformFixture fixture) : SagaDefinitionApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSagaDefinitionApiTests(PostgresPlatformFixture fixture) : SagaDefinitionApiTests(fixture.Client);
