using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Admin;
using OrleansPlatform.Gateway.Bus;
using OrleansPlatform.Gateway.Erasure;
using OrleansPlatform.Gateway.Documentation;
using OrleansPlatform.Gateway.Errors;
using OrleansPlatform.Gateway.EventStore;
using OrleansPlatform.Gateway.Integrity;
using OrleansPlatform.Gateway.Mesh;
using OrleansPlatform.Gateway.Operations;
using OrleansPlatform.Gateway.Projections;
using OrleansPlatform.Gateway.Sagas;
using OrleansPlatform.Gateway.Registry;
using OrleansPlatform.Gateway.Retention;
using OrleansPlatform.Gateway.Schemas;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Gateway.TimeTravel;
using OrleansPlatform.Gateway.Transactions;
using Scalar.AspNetCore;

namespace OrleansPlatform.Gateway;

/// <summary>Adds and maps the platform's HTTP API.</summary>
public static class GatewayExtensions
{
    public static IServiceCollection AddPlatformGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPlatformSecurity(configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<PlatformProblemDetails>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = ApiDocumentation.Title;
            document.Info.Description = ApiDocumentation.Description;
            return Task.CompletedTask;
        }).AddOperationTransformer(RequestExamples.ApplyAsync));
        services.AddPlatformAdmin();
        services.AddPlatformMesh();
        return services;
    }

    /// <summary>The request pipeline in front of the API: errors as ProblemDetails, correlation scope, then security (CORS, body limit, authentication, rate limits, authorization).</summary>
    public static IApplicationBuilder UsePlatformGateway(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationScopeMiddleware>();
        app.UsePlatformSecurity();
        // The admin UI's sign-in form (and Blazor's endpoints) carry antiforgery metadata; API routes do not.
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapScalarApiReference();
        var api = endpoints.MapGroup("/api/v1").WithApiDocumentation();
        api.MapStreamEndpoints();
        api.MapStreamMetadataEndpoints();
        api.MapStreamDeletionEndpoints();
        api.MapGlobalFeedEndpoints();
        api.MapTimeTravelEndpoints();
        api.MapTopicEndpoints();
        api.MapSubscriptionEndpoints();
        api.MapTransactionEndpoints();
        api.MapSagaEndpoints();
        api.MapServiceEndpoints();
        api.MapMeshEndpoints();
        api.MapStatusEndpoints();
        api.MapCatalogEndpoints();
        api.MapCallerEndpoints();
        api.MapSchemaEndpoints();
        api.MapSubjectEndpoints();
        api.MapIntegrityEndpoints();
        api.MapLogVerificationEndpoints();
        api.MapProjectionEndpoints();
        endpoints.MapPlatformAdmin();
        return endpoints;
    }
}
