using System.Security.Claims;

namespace OrleansPlatform.Gateway.Security;

/// <summary>Claims the gateway adds to an authenticated caller, for the endpoints (and the mesh) to read.</summary>
public static class PlatformClaims
{
    /// <summary>
    /// The calling service's identity: an API key's <c>Name</c>, or a JWT's <c>client_id</c>, <c>azp</c> or
    /// <c>sub</c>. Taken from credentials only, never from a request header.
    /// </summary>
    public const string Caller = "platform:caller";

    /// <summary>The authenticated caller's identity, or null for anonymous callers and unnamed keys.</summary>
    public static string? CallerOf(ClaimsPrincipal user) => user.FindFirst(Caller)?.Value;
}
