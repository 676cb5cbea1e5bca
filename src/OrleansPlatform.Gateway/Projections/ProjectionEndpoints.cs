using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Projections;

/// <summary><c>/api/v1/projections</c>: define projections, read their documents and status, and steer them.</summary>
public static class ProjectionEndpoints
{
    /// <summary>The longest <c>wait</c> a read may ask for.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    // Definitions and lifecycle change what every reader sees and cost a rebuild, so they are an administrator's acts.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["PutProjection"] = PlatformRoles.Admin,
        ["ListProjections"] = PlatformRoles.Reader,
        ["GetProjection"] = PlatformRoles.Reader,
        ["QueryProjectionDocuments"] = PlatformRoles.Reader,
        ["GetProjectionDocument"] = PlatformRoles.Reader,
        ["GetProjectionParked"] = PlatformRoles.Reader,
        ["DiffProjectionDocument"] = PlatformRoles.Reader,
        ["WhatIfProjectionDocument"] = PlatformRoles.Reader,
        ["RebuildProjection"] = PlatformRoles.Admin,
        ["PauseProjection"] = PlatformRoles.Admin,
        ["ResumeProjection"] = PlatformRoles.Admin,
        ["DeleteProjection"] = PlatformRoles.Admin,
    };

    public static RouteGroupBuilder MapProjectionEndpoints(this RouteGroupBuilder api)
    {
        var projections = api.MapGroup("/projections").WithTags("Projections").RequireRoles(Roles);
        projections.MapPut("/{name}", PutAsync).WithName("PutProjection");
        projections.MapGet("/", ListAsync).WithName("ListProjections");
        projections.MapGet("/{name}", GetAsync).WithName("GetProjection");
        projections.MapGet("/{name}/documents", QueryAsync).WithName("QueryProjectionDocuments");
        projections.MapGet("/{name}/documents/{id}", GetDocumentAsync).WithName("GetProjectionDocument");
        projections.MapGet("/{name}/documents/{id}/diff", ProjectionHistoryEndpoints.DiffAsync).WithName("DiffProjectionDocument");
        projections.MapPost("/{name}/documents/{id}/what-if", ProjectionHistoryEndpoints.WhatIfAsync).WithName("WhatIfProjectionDocument");
        projections.MapGet("/{name}/parked", ParkedAsync).WithName("GetProjectionParked");
        projections.MapPost("/{name}/rebuild", (string name, IGrainFactory grains) => ActAsync(name, grains, p => p.RebuildAsync())).WithName("RebuildProjection");
        projections.MapPost("/{name}/pause", (string name, IGrainFactory grains) => ActAsync(name, grains, p => p.PauseAsync())).WithName("PauseProjection");
        projections.MapPost("/{name}/resume", (string name, IGrainFactory grains) => ActAsync(name, grains, p => p.ResumeAsync())).WithName("ResumeProjection");
        projections.MapDelete("/{name}", DeleteAsync).WithName("DeleteProjection");
        return projections;
    }

    public static async Task<Results<Created<ProjectionResponse>, Ok<ProjectionResponse>>> PutAsync(string name, PutProjectionBody? body, IGrainFactory grains)
    {
        var definition = ProjectionDefinitionJson.Read(body);
        var (_, created) = await grains.GetGrain<IProjectionGrain>(name).PutAsync(definition);
        var response = await StatusAsync(name, grains);
        return created ? TypedResults.Created($"/api/v1/projections/{name}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<ProjectionListResponse>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ProjectionListResponse((await grains.GetGrain<IProjectionQueryGrain>(0).ListAsync()).Select(ProjectionResponse.From).ToList()));

    public static async Task<Ok<ProjectionResponse>> GetAsync(string name, IGrainFactory grains, long? minPosition = null, string? wait = null)
    {
        if (After(minPosition, wait) is { } after)
        {
            await grains.GetGrain<IProjectionQueryGrain>(0).WaitAsync(name, after);
        }

        return TypedResults.Ok(await StatusAsync(name, grains));
    }

    public static async Task<Ok<ProjectionDocumentsResponse>> QueryAsync(
        string name, IGrainFactory grains, [FromQuery] string[]? filter = null, string? sort = null, int? limit = null, string? cursor = null,
        long? minPosition = null, string? wait = null)
    {
        var query = DocumentQueryParser.Parse(filter ?? [], sort, limit, cursor);
        var page = await grains.GetGrain<IProjectionQueryGrain>(0).QueryAsync(name, query, After(minPosition, wait));
        return TypedResults.Ok(new ProjectionDocumentsResponse(page.Documents.Select(ProjectionDocumentDto.From).ToList(), page.NextCursor));
    }

    public static async Task<Ok<ProjectionDocumentDto>> GetDocumentAsync(
        string name, string id, IGrainFactory grains, long? minPosition = null, string? wait = null, string? at = null, string? position = null)
    {
        if (ProjectionHistoryEndpoints.ReadPoint(at, position) is { } point)
        {
            if (After(minPosition, wait) is { } waitFor)
            {
                await grains.GetGrain<IProjectionQueryGrain>(0).WaitAsync(name, waitFor);
            }

            return await ProjectionHistoryEndpoints.GetDocumentAtAsync(name, id, point, grains);
        }

        var read = await grains.GetGrain<IProjectionQueryGrain>(0).GetDocumentAsync(name, id, After(minPosition, wait));
        return TypedResults.Ok(ProjectionDocumentDto.From(read.Document ?? throw new ResourceNotFoundException("document", id)));
    }

    public static async Task<Ok<ParkedEventsResponse>> ParkedAsync(string name, IGrainFactory grains, long from = 0, int limit = 100)
    {
        if (limit is < 1 or > 1_000)
        {
            throw new PlatformValidationException("limit", "limit is 1 to 1000.");
        }

        var parked = await grains.GetGrain<IProjectionQueryGrain>(0).ParkedAsync(name, from, limit);
        return TypedResults.Ok(new ParkedEventsResponse(name, parked.Select(p => new ParkedEventDto(p.Version, p.Position, p.EventId, p.StreamId, p.Type, p.DocumentId, p.Error, p.ParkedAt)).ToList()));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IProjectionGrain>(name).DeleteAsync() ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Accepted<ProjectionResponse>> ActAsync(string name, IGrainFactory grains, Func<IProjectionGrain, Task<ProjectionInfo>> act)
    {
        await act(grains.GetGrain<IProjectionGrain>(name));
        return TypedResults.Accepted($"/api/v1/projections/{name}", await StatusAsync(name, grains));
    }

    private static async Task<ProjectionResponse> StatusAsync(string name, IGrainFactory grains) =>
        ProjectionResponse.From(await grains.GetGrain<IProjectionQueryGrain>(0).GetStatusAsync(name) ?? throw new ResourceNotFoundException("projection", name));

    /// <summary><c>minPosition</c> and <c>wait</c> (<c>5s</c>, <c>500ms</c>, <c>1m</c>, seconds, or hh:mm:ss; default 0: answer at once).</summary>
    internal static ReadAfter? After(long? minPosition, string? wait)
    {
        if (minPosition is null)
        {
            return wait is null ? null : throw new PlatformValidationException("wait", "wait goes with minPosition.");
        }

        if (minPosition < 0)
        {
            throw new PlatformValidationException("minPosition", "minPosition is a global position (0 or more).");
        }

        return new ReadAfter(minPosition.Value, ParseWait(wait));
    }

    private static TimeSpan ParseWait(string? wait)
    {
        if (string.IsNullOrEmpty(wait))
        {
            return TimeSpan.Zero;
        }

        var (number, unit) = wait.EndsWith("ms", StringComparison.Ordinal) ? (wait[..^2], 0.001)
            : wait.EndsWith('s') ? (wait[..^1], 1.0)
            : wait.EndsWith('m') ? (wait[..^1], 60.0)
            : (wait, 1.0);
        TimeSpan parsed;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            parsed = TimeSpan.FromSeconds(value * unit);
        }
        else if (!TimeSpan.TryParse(wait, CultureInfo.InvariantCulture, out parsed))
        {
            throw new PlatformValidationException("wait", $"'{wait}' is not a duration such as 5s, 500ms or 1m.");
        }

        return parsed < TimeSpan.Zero || parsed > MaxWait
            ? throw new PlatformValidationException("wait", $"wait is 0 to {MaxWait.TotalSeconds:0} s.")
            : parsed;
    }
}
