using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>Authenticates <c>X-Api-Key</c> against the configured keys, granting the key's role and those below it.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values is not [{ Length: > 0 } presented])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = PlatformRoles.Implied(key.Grant.Role).Select(r => new Claim(ClaimTypes.Role, r)).ToList();
        if (key.Grant.Name is { Length: > 0 } name)
        {
            claims.Add(new Claim(ClaimTypes.Name, name));
            claims.Add(new Claim(PlatformClaims.Caller, name));
        }

        // The per-key rate limiter partitions by it.
        Context.Features.Set(key);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
