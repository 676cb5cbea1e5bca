using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Sagas;

/// <summary><c>/api/v1/saga-definitions</c> and <c>/api/v1/sagas</c>: define sagas, run them, watch and steer them.</summary>
public static class SagaEndpoints
{
    public static RouteGroupBuilder MapSagaEndpoints(this RouteGroupBuilder api)
    {
        var definitions = api.MapGroup("/saga-definitions").WithTags("Sagas");
        definitions.MapPut("/{name}", PutDefinitionAsync).WithName("PutSagaDefinition").RequireAuthorization(SecurityExtensions.AdminPolicy);
        definitions.MapGet("/{name}", GetDefinitionAsync).WithName("GetSagaDefinition").RequireAuthorization(SecurityExtensions.ReadPolicy);

        var sagas = api.MapGroup("/sagas").WithTags("Sagas");
        sagas.MapPost("/", StartAsync).WithName("StartSaga").RequireAuthorization(SecurityExtensions.WritePolicy);
        sagas.MapGet("/", ListAsync).WithName("ListSagas").RequireAuthorization(SecurityExtensions.ReadPolicy);
        sagas.MapGet("/statistics", StatisticsAsync).WithName("SagaStatistics").RequireAuthorization(SecurityExtensions.ReadPolicy);
        sagas.MapGet("/{sagaId}", GetAsync).WithName("GetSaga").RequireAuthorization(SecurityExtensions.ReadPolicy);
        sagas.MapGet("/{sagaId}/watch", SagaWatch.StreamAsync).WithName("WatchSaga").RequireAuthorization(SecurityExtensions.ReadPolicy)
            .WithSummary("Streams a saga's changes as Server-Sent Events until it is finished.")
            .WithDescription("One 'saga' event (id = the saga journal's version, data = the saga as GET /api/v1/sagas/{id} shows it) now and after every change, a comment line every 15 s while nothing changes; the stream ends after the finished state. Each change is pushed by the saga's commit, not polled.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        sagas.MapPost("/{sagaId}/cancel", CancelAsync).WithName("CancelSaga").RequireAuthorization(SecurityExtensions.WritePolicy);
        sagas.MapPost("/{sagaId}/retry", RetryAsync).WithName("RetrySaga").RequireAuthorization(SecurityExtensions.AdminPolicy);
        sagas.MapPost("/{sagaId}/signals/{signal}", SignalAsync).WithName("SignalSaga").RequireAuthorization(SecurityExtensions.WritePolicy);
        return sagas;
    }

    public static async Task<Results<Created<SagaDefinitionResponse>, Ok<SagaDefinitionResponse>>> PutDefinitionAsync(string name, SagaDefinitionBody? body, IGrainFactory grains)
    {
        EnsureName(name);
        var (info, created) = await grains.GetGrain<ISagaDefinitionGrain>(name).PutAsync(SagaDefinitionMapper.ToDefinition(body));
        var response = SagaDefinitionResponse.From(info);
        return created ? TypedResults.Created($"/api/v1/saga-definitions/{name}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<SagaDefinitionResponse>> GetDefinitionAsync(string name, IGrainFactory grains, int? version = null)
    {
        EnsureName(name);
        var info = await grains.GetGrain<ISagaDefinitionGrain>(name).GetAsync(version)
            ?? throw new ResourceNotFoundException("saga definition", version is null ? name : $"{name} version {version}");
        return TypedResults.Ok(SagaDefinitionResponse.From(info));
    }

    public static async Task<Accepted<SagaStatusResponse>> StartAsync(StartSagaBody? body, IGrainFactory grains)
    {
        if (body?.Definition is not { } definition)
        {
            throw new PlatformValidationException("definition", "The saga definition's name is required.");
        }

        EnsureName(definition);
        var sagaId = body.SagaId ?? Guid.NewGuid().ToString("N");
        EnsureSagaId(sagaId);
        var status = await grains.GetGrain<ISagaGrain>(sagaId).StartAsync(definition, body.Input?.Text ?? "null");
        return TypedResults.Accepted($"/api/v1/sagas/{sagaId}", new SagaStatusResponse(sagaId, SagaDefinitionResponse.Camel(status)));
    }

    public static async Task<Ok<SagaResponse>> GetAsync(string sagaId, IGrainFactory grains)
    {
        EnsureSagaId(sagaId);
        var view = await grains.GetGrain<ISagaGrain>(sagaId).GetAsync() ?? throw new ResourceNotFoundException("saga", sagaId);
        return TypedResults.Ok(SagaResponse.From(view));
    }

    public static async Task<Accepted<SagaStatusResponse>> CancelAsync(string sagaId, IGrainFactory grains)
    {
        EnsureSagaId(sagaId);
        var status = await grains.GetGrain<ISagaGrain>(sagaId).CancelAsync();
        return TypedResults.Accepted($"/api/v1/sagas/{sagaId}", new SagaStatusResponse(sagaId, SagaDefinitionResponse.Camel(status)));
    }

    public static async Task<Accepted<SagaStatusResponse>> RetryAsync(string sagaId, IGrainFactory grains)
    {
        EnsureSagaId(sagaId);
        var status = await grains.GetGrain<ISagaGrain>(sagaId).RetryAsync();
        return TypedResults.Accepted($"/api/v1/sagas/{sagaId}", new SagaStatusResponse(sagaId, SagaDefinitionResponse.Camel(status)));
    }

    public static async Task<Accepted<SagaStatusResponse>> SignalAsync(string sagaId, string signal, HttpRequest request, IGrainFactory grains)
    {
        EnsureSagaId(sagaId);
        EnsureName(signal);
        string body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            body = document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            throw new PlatformValidationException("body", "The signal's body must be JSON; it becomes the step's output.");
        }

        var grain = grains.GetGrain<ISagaGrain>(sagaId);
        await grain.SignalAsync(signal, body);
        var status = (await grain.GetAsync())!.Status;
        return TypedResults.Accepted($"/api/v1/sagas/{sagaId}", new SagaStatusResponse(sagaId, SagaDefinitionResponse.Camel(status)));
    }

    public static async Task<Ok<SagaListResponse>> ListAsync(
        IGrainFactory grains, string? status = null, string? definition = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 100, string? cursor = null)
    {
        var statuses = new List<SagaStatus>();
        foreach (var s in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            statuses.Add(Enum.TryParse<SagaStatus>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _)
                ? parsed
                : throw new PlatformValidationException("status", $"'{s}' is not a saga status."));
        }

        var list = await grains.GetGrain<ISagaQueryGrain>(0).ListAsync(new SagaListQuery(statuses, definition, from, to, limit, cursor));
        return TypedResults.Ok(new SagaListResponse(list.Sagas.Select(SagaSummaryResponse.From).ToList(), list.NextCursor));
    }

    /// <summary>Statistics of the sagas started in [from, to) (each optional), of one definition or all.</summary>
    public static async Task<Ok<SagaStatisticsResponse>> StatisticsAsync(IGrainFactory grains, string? definition = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        TypedResults.Ok(SagaStatisticsResponse.From(await grains.GetGrain<ISagaQueryGrain>(0).StatisticsAsync(definition, from, to)));

    private static void EnsureName(string name)
    {
        if (SagaRules.NameError(name) is { } error)
        {
            throw new PlatformValidationException("name", error);
        }
    }

    internal static void EnsureSagaId(string sagaId)
    {
        if (SagaRules.SagaIdError(sagaId) is { } error)
        {
            throw new PlatformValidationException("sagaId", error);
        }
    }
}
