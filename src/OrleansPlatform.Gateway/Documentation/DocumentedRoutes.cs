using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace OrleansPlatform.Gateway.Documentation;

/// <summary>
/// Applies <see cref="ApiDocumentation"/> to every route of the API group as it is built, so the OpenAPI document
/// carries a summary, a description and each ProblemDetails status per operation. A route that documents itself
/// (WithSummary/WithDescription) keeps its own words and still gets the pipeline's problem statuses.
/// </summary>
public static class DocumentedRoutes
{
    private const string ProblemJson = "application/problem+json";

    public static RouteGroupBuilder WithApiDocumentation(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            var doc = name is null ? null : ApiDocumentation.Routes.GetValueOrDefault(name);
            if (doc is not null && !endpoint.Metadata.OfType<IEndpointSummaryMetadata>().Any())
            {
                endpoint.Metadata.Add(new EndpointSummaryAttribute(doc.Summary));
            }

            if (doc is not null && !endpoint.Metadata.OfType<IEndpointDescriptionMetadata>().Any())
            {
                endpoint.Metadata.Add(new EndpointDescriptionAttribute(doc.Description));
            }

            var method = endpoint.Metadata.OfType<IHttpMethodMetadata>().FirstOrDefault()?.HttpMethods is [var first, ..] ? first : "GET";
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
            foreach (var status in ApiProblems.For(method, doc?.Problems ?? []).Where(s => !declared.Contains(s)))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeAttribute(typeof(ProblemDetails), status, ProblemJson));
            }
        });
        return api;
    }
}
