using System.Text.Json.Nodes;
using OrleansPlatform.Gateway.Documentation;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>
/// The OpenAPI document is one a user can learn from: every mapped /api operation has a summary, a description and
/// each ProblemDetails status the pipeline can answer. A route added without them fails here.
/// </summary>
[Collection(SqliteApiCollection.Name)]
public sealed class OpenApiDocumentTests(SqlitePlatformFixture platform)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public async Task Document_HasThePlatformsTitleAndDescription()
    {
        var document = await DocumentAsync();

        Assert.Equal(ApiDocumentation.Title, document["info"]!["title"]!.GetValue<string>());
        Assert.Contains("ProblemDetails", document["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryApiOperation_HasSummaryDescriptionAndItsProblemResponses()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        var gaps = operations.SelectMany(o => Gaps(o.Method, o.Path, o.Operation)).ToList();

        Assert.True(operations.Count >= ApiDocumentation.Routes.Count, $"only {operations.Count} operations in the document");
        Assert.True(gaps.Count == 0, "Undocumented:\n" + string.Join("\n", gaps));
    }

    [Fact]
    public async Task DocumentedRoutes_AllExistInTheDocument()
    {
        var operationIds = Operations(await DocumentAsync()).Select(o => o.Operation["operationId"]?.GetValue<string>()).ToHashSet();

        var stale = ApiDocumentation.Routes.Keys.Where(name => !operationIds.Contains(name)).ToList();

        Assert.Empty(stale);
    }

    [Fact]
    public async Task Append_DocumentsItsConflictAndBodyLimit()
    {
        var append = Operations(await DocumentAsync()).Single(o => o.Operation["operationId"]?.GetValue<string>() == "AppendToStream");

        var responses = append.Operation["responses"]!.AsObject();

        Assert.True(responses.ContainsKey("409"));
        Assert.True(responses.ContainsKey("413"));
        Assert.True(responses["409"]!["content"]!.AsObject().ContainsKey("application/problem+json"));
    }

    [Fact]
    public async Task RoutesWithAnExample_ShowItAsTheirJsonRequestExample()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => o.Operation["operationId"]!.GetValue<string>(), o => o.Operation);
        var withExamples = ApiDocumentation.Routes.Where(r => r.Value.RequestExample is not null).ToList();

        var missing = withExamples
            .Where(r => operations[r.Key]["requestBody"]?["content"]?["application/json"]?["example"] is not JsonObject example
                || !JsonNode.DeepEquals(example, JsonNode.Parse(r.Value.RequestExample!)))
            .Select(r => r.Key)
            .ToList();

        Assert.True(withExamples.Count >= 10);
        Assert.Empty(missing);
    }

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await platform.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        where path.Key.StartsWith("/api/", StringComparison.Ordinal)
        from method in Methods
        let operation = path.Value![method]
        where operation is not null
        select (method.ToUpperInvariant(), path.Key, operation.AsObject());

    private static IEnumerable<string> Gaps(string method, string path, JsonObject operation)
    {
        var where = $"{method} {path}";
        if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()))
        {
            yield return $"{where}: no summary";
        }

        if (string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()))
        {
            yield return $"{where}: no description";
        }

        var responses = operation["responses"]?.AsObject() ?? [];
        foreach (var status in ApiProblems.For(method, []))
        {
            var content = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?.AsObject();
            if (content is null || !content.ContainsKey("application/problem+json"))
            {
                yield return $"{where}: no application/problem+json response for {status}";
            }
        }
    }
}
