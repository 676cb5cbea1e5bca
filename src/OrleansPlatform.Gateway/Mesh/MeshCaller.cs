using Microsoft.AspNetCore.Http;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// Who is calling through the mesh. With credentials configured, only the credential says (the API key's
/// <c>Name</c>, or the JWT's client id or subject); <c>X-Caller-Service</c> is ignored, so a caller cannot claim to be
/// another service. With the API open (no keys, loopback only) there is nothing to authenticate, so the header is taken
/// as given.
/// </summary>
internal static class MeshCaller
{
    public const string Header = "X-Caller-Service";

    public static string? Of(HttpContext context, bool credentialsConfigured)
    {
        if (credentialsConfigured)
        {
            return PlatformClaims.CallerOf(context.User);
        }

        return context.Request.Headers[Header] is [{ } named] && RegistryRules.ServiceNameError(named) is null ? named : null;
    }
}
