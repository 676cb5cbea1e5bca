using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansPlatform.Gateway.Documentation;

/// <summary>Puts each route's example request body (<see cref="RouteDoc.RequestExample"/>) into the OpenAPI document.</summary>
internal static class RequestExamples
{
    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is { } name
            && ApiDocumentation.Routes.GetValueOrDefault(name)?.RequestExample is { } example
            && operation.RequestBody?.Content is { } content
            && content.TryGetValue("application/json", out var json))
        {
            json.Example = JsonNode.Parse(example);
        }

        return Task.CompletedTask;
    }
}
