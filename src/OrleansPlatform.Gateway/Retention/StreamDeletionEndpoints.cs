using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Retention;

/// <summary>
/// <c>DELETE /api/v1/streams/{streamId}</c> (soft, or hard for admins) and <c>POST /api/v1/retention/reclaim</c>, the
/// admin's way to run the reclaim job now (issue 13).
/// </summary>
public static class StreamDeletionEndpoints
{
    // A soft delete is a write; a hard delete needs admin as well, checked in the handler because the route is shared.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["DeleteStream"] = PlatformRoles.Writer,
        ["ReclaimRetention"] = PlatformRoles.Admin,
    };

    public static RouteGroupBuilder MapStreamDeletionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/streams").WithTags("Event store").RequireRoles(Roles)
            .MapDelete("/{streamId}", DeleteAsync).WithName("DeleteStream");
        var retention = api.MapGroup("/retention").WithTags("Event store").RequireRoles(Roles);
        retention.MapPost("/reclaim", ReclaimAsync).WithName("ReclaimRetention");
        return retention;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string streamId, IGrainFactory grains, IAuthorizationService authorization, HttpContext httpContext,
        bool hard = false, string? expectedVersion = null)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var expected = ParseExpectedVersion(expectedVersion);
        if (hard && !(await authorization.AuthorizeAsync(httpContext.User, SecurityExtensions.PolicyFor(PlatformRoles.Admin))).Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: "A hard delete erases the stream for good and needs the admin role.");
        }

        await grains.GetGrain<IEventStreamGrain>(streamId).DeleteAsync(expected, hard);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ReclaimReport>> ReclaimAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRetentionReclaimGrain>(0).RunOnceAsync());

    private static ExpectedVersion ParseExpectedVersion(string? text) => text switch
    {
        null or "any" => ExpectedVersion.Any,
        "exists" => ExpectedVersion.StreamExists,
        _ when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 => ExpectedVersion.Exactly(v),
        _ => throw new PlatformValidationException("expectedVersion", "Use a version of 1 or more, \"any\" or \"exists\"."),
    };
}
