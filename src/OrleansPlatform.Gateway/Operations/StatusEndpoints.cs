using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Operations;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Operations;

/// <summary><c>/api/v1/status</c>: one JSON overview of the platform for operators.</summary>
public static class StatusEndpoints
{
    public static RouteHandlerBuilder MapStatusEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/status", GetAsync)
            .WithName("GetPlatformStatus")
            .WithTags("Operations")
            .RequireAuthorization(SecurityExtensions.ReadPolicy);

    /// <summary>200 with the overview, from whichever silo answers.</summary>
    public static async Task<Ok<StatusResponse>> GetAsync(IGrainFactory grains) =>
        TypedResults.Ok(StatusResponse.From(await grains.GetGrain<IPlatformStatusGrain>(0).GetAsync()));
}

/// <summary>The body of <c>GET /api/v1/status</c> (api.md "Operations").</summary>
public sealed record StatusResponse(
    IReadOnlyList<SiloResponse> Silos, StorageResponse Storage, long? Head, long? Streams, long? Topics, long? Subscriptions, long? DeadLetters, DateTimeOffset AsOf)
{
    public static StatusResponse From(PlatformStatus status) => new(
        status.Silos.Select(s => new SiloResponse(s.Address, s.Status)).ToList(),
        new StorageResponse(status.StorageKind, status.StorageHealthy),
        status.Head, status.Streams, status.Topics, status.Subscriptions, status.DeadLetters, status.AsOf);
}

/// <summary>A silo in the status overview.</summary>
public sealed record SiloResponse(string Address, string Status);

/// <summary>The storage part of the status overview.</summary>
public sealed record StorageResponse(string Kind, bool Healthy);
