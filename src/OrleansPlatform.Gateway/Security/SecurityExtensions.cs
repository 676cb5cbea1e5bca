using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// API keys and JWTs mapped to the roles admin / writer / reader. With nothing configured the API is open, which
/// <see cref="ListenAddressGuard"/> allows only on loopback.
/// </summary>
public static class SecurityExtensions
{
    public const string ReadPolicy = "platform-read";
    public const string WritePolicy = "platform-write";
    public const string AdminPolicy = "platform-admin";

    private const string SelectorScheme = "platform";

    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var security = new ApiSecurityOptions();
        configuration.GetSection(ApiSecurityOptions.Section).Bind(security);
        ValidateKeys(security);
        ListenAddressGuard.EnsureSafe(configuration, security);
        services.AddSingleton(Options.Create(security));

        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or JWT", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && security.Jwt is { IsConfigured: true }
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (security.Jwt is { IsConfigured: true } jwt)
        {
            authentication.AddJwtBearer(o => ConfigureJwt(o, jwt));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => Require(p, security, PlatformRoles.Reader))
            .AddPolicy(WritePolicy, p => Require(p, security, PlatformRoles.Writer))
            .AddPolicy(AdminPolicy, p => Require(p, security, PlatformRoles.Admin));
        return services;
    }

    private static void Require(AuthorizationPolicyBuilder policy, ApiSecurityOptions security, string role)
    {
        if (security.IsConfigured)
        {
            policy.RequireAuthenticatedUser().RequireRole(role);
        }
        else
        {
            policy.RequireAssertion(_ => true);
        }
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtSettings jwt)
    {
        options.MapInboundClaims = false;
        options.Authority = jwt.Authority;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = jwt.Issuer is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience is not null,
            ValidAudience = jwt.Audience,
            RoleClaimType = "role",
            NameClaimType = "sub",
            IssuerSigningKey = jwt.SigningKey is { Length: > 0 } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
        };
        // A JWT role grants the roles below it too, as an API key does.
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    var granted = identity.FindAll("role").SelectMany(c => PlatformRoles.Implied(c.Value)).Distinct().ToList();
                    identity.AddClaims(granted.Select(r => new Claim("role", r)));
                }

                return Task.CompletedTask;
            },
        };
    }

    private static void ValidateKeys(ApiSecurityOptions security)
    {
        var errors = new List<string>();
        foreach (var (grant, i) in security.ApiKeys.Select((g, i) => (g, i)))
        {
            if (grant.Key.Length < 16)
            {
                errors.Add($"Platform:Auth:ApiKeys:{i}:Key must have at least 16 characters.");
            }

            if (!PlatformRoles.All.Contains(grant.Role))
            {
                errors.Add($"Platform:Auth:ApiKeys:{i}:Role must be admin, writer or reader.");
            }
        }

        if (security.Jwt is { SigningKey: { Length: > 0 and < 32 } })
        {
            errors.Add("Platform:Auth:Jwt:SigningKey must have at least 32 characters.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ApiSecurityOptions.Section, typeof(ApiSecurityOptions), errors);
        }
    }
}
