using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Projections are a read path too (issue 13): they fold upcast events, and redacted ones after an erasure.</summary>
public abstract class ProjectionReadPathTests(HttpClient client)
{
    private readonly string _prefix = "proj-rp-" + Guid.NewGuid().ToString("N")[..8] + "-";

    [Fact]
    public async Task Projection_OverEventsStoredAtV1_FoldsThemUpcastToV3()
    {
        var type = SchemaApiExtensions.NewType();
        await client.RegisterAsync(type, 1, """{"type":"object","required":["amount"]}""");
        var stream = _prefix + "order";
        Assert.Equal(HttpStatusCode.Created, (await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":5,"legacy":true}}]""")).StatusCode);
        await client.RegisterAsync(type, 2, """{"type":"object","required":["total"]}""", 1, """[{"rename":{"/amount":"/total"}}]""");
        await client.RegisterAsync(type, 3, """{"type":"object","required":["total","currency"]}""", 2, """[{"default":{"/currency":"EUR"}},{"remove":["/legacy"]}]""");

        var document = await DocumentAsync(stream, d => d is not null);

        Assert.Equal("""{"total":5,"currency":"EUR"}""", document!.ToJsonString());
    }

    [Fact]
    public async Task Projection_RebuiltAfterSubjectErased_ShowsNoPlaintext()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        var stream = _prefix + "person";
        var appended = await client.AppendJsonAsync(stream, $$$"""[{"type":"ProfileSet","data":{"name":"Ada","email":"ada@example.com"},"metadata":{"subject":"{{{subject}}}"}},{"type":"Noted","data":{"note":"kept"}}]""");
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        var before = await DocumentAsync(stream, d => d?["note"] is not null);
        Assert.Equal("Ada", before!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/v1/subjects/{subject}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/projections/{Name}/rebuild", null)).StatusCode);

        var after = await DocumentAsync(stream, d => d?["note"] is not null && d["name"] is null);
        Assert.DoesNotContain("Ada", after!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", after.ToJsonString(), StringComparison.Ordinal);
    }

    private string Name => _prefix.TrimEnd('-');

    private async Task<JsonNode?> DocumentAsync(string id, Func<JsonNode?, bool> ready)
    {
        var put = await client.PutAsJsonAsync($"/api/v1/projections/{Name}", new { source = new { streamPrefix = _prefix }, fold = "mergePatch" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return await Eventually.MatchAsync(
            async () =>
            {
                var response = await client.GetAsync($"/api/v1/projections/{Name}/documents/{id}");
                return response.StatusCode == HttpStatusCode.OK ? (await response.JsonAsync())["data"] : null;
            },
            ready,
            TimeSpan.FromSeconds(30));
    }
}

[Collection(SqliteErasureCollection.Name)]
public sealed class SqliteProjectionReadPathTests(SqliteErasureFixture fixture) : ProjectionReadPathTests(fixture.Client);

[Collection(PostgresErasureCollection.Name)]
public sealed class PostgresProjectionReadPathTests(PostgresErasureFixture fixture) : ProjectionReadPathTests(fixture.Client);
