using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// <c>/api/v1/auth/me</c>: who the presented credentials make the caller, so a UI or script can tell an admin from a
/// reader (and hide what it may not do) without trying a mutating call.
/// </summary>
public static class CallerEndpoints
{
    public static RouteHandlerBuilder MapCallerEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/auth/me", GetAsync)
            .WithName("WhoAmI")
            .WithTags("Operations")
            .RequireAuthorization(SecurityExtensions.ReadPolicy);

    /// <summary>The caller's roles; an open API (no keys configured, loopback only) makes everyone an admin.</summary>
    public static Ok<CallerResponse> GetAsync(ClaimsPrincipal user, IOptions<ApiSecurityOptions> security)
    {
        if (!security.Value.IsConfigured)
        {
            return TypedResults.Ok(new CallerResponse(null, false, [.. PlatformRoles.All]));
        }

        var roles = PlatformRoles.All.Where(user.IsInRole).ToList();
        return TypedResults.Ok(new CallerResponse(PlatformClaims.CallerOf(user), true, roles));
    }
}

/// <summary>The body of <c>GET /api/v1/auth/me</c>.</summary>
/// <param name="Caller">The caller's identity (a key's name, a JWT's client or subject), if any.</param>
/// <param name="Authenticated">False when the API is open (no credentials configured).</param>
/// <param name="Roles">Every role the caller holds: <c>admin</c>, <c>writer</c>, <c>reader</c>.</param>
public sealed record CallerResponse(string? Caller, bool Authenticated, IReadOnlyList<string> Roles);
