using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Integrity;

/// <summary><c>/api/v1/verify</c>: the admin whole-log verification job (issue 13).</summary>
public static class LogVerificationEndpoints
{
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["StartLogVerification"] = PlatformRoles.Admin,
        ["GetLatestLogVerification"] = PlatformRoles.Admin,
        ["GetLogVerification"] = PlatformRoles.Admin,
    };

    public static RouteGroupBuilder MapLogVerificationEndpoints(this RouteGroupBuilder api)
    {
        var verify = api.MapGroup("/verify").WithTags("Integrity").RequireRoles(Roles);
        verify.MapPost("/", StartAsync).WithName("StartLogVerification");
        verify.MapGet("/", GetLatestAsync).WithName("GetLatestLogVerification");
        verify.MapGet("/{jobId:guid}", GetAsync).WithName("GetLogVerification");
        return verify;
    }

    public static async Task<Accepted<LogVerificationDto>> StartAsync(IGrainFactory grains)
    {
        var job = await grains.GetGrain<ILogVerificationJobsGrain>(0).StartAsync();
        return TypedResults.Accepted($"/api/v1/verify/{job.JobId}", LogVerificationDto.From(job));
    }

    public static async Task<Results<Ok<LogVerificationDto>, NotFound>> GetLatestAsync(IGrainFactory grains) =>
        await grains.GetGrain<ILogVerificationJobsGrain>(0).GetLatestAsync() is { } job
            ? TypedResults.Ok(LogVerificationDto.From(job))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<LogVerificationDto>, NotFound>> GetAsync(Guid jobId, IGrainFactory grains) =>
        await grains.GetGrain<ILogVerificationGrain>(jobId).GetAsync() is { } job
            ? TypedResults.Ok(LogVerificationDto.From(job))
            : TypedResults.NotFound();
}
