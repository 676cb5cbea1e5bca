using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// API keys and JWTs mapped to the roles admin / writer / reader, per-key rate limits, CORS and request body limits.
/// With no credentials configured the API is open, which <see cref="ListenAddressGuard"/> allows only on loopback.
/// </summary>
public static class SecurityExtensions
{
    public const string ReadPolicy = "platform-read";
    public const string WritePolicy = "platform-write";
    public const string AdminPolicy = "platform-admin";

    private const string SelectorScheme = "platform";

    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        // Which schemes and policies exist is decided from configuration now; the values are validated on start.
        var security = new ApiSecurityOptions();
        configuration.GetSection(ApiSecurityOptions.Section).Bind(security);
        ListenAddressGuard.EnsureSafe(configuration, security);
        services.AddOptions<ApiSecurityOptions>().BindConfiguration(ApiSecurityOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiSecurityOptions>, ApiSecurityOptionsValidator>());
        services.AddSingleton<ApiKeyRing>();

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

        services.AddOptions<PlatformCorsOptions>().BindConfiguration(PlatformCorsOptions.Section)
            .Validate(o => o.Origins.All(CorsSetup.IsValidEntry), $"{PlatformCorsOptions.Section}:Origins must be origins such as https://app.example.com (scheme, host, optional port) or *.")
            .ValidateOnStart();
        services.AddCors();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>, CorsSetup>();

        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section)
            .Validate(o => o.MaxRequestBytes > 0, "Platform:MaxRequestBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddKeyRateLimits();
        services.AddHostedService<EndpointRoleCheck>();
        return services;
    }

    /// <summary>
    /// CORS (answers preflights before authentication), the body limit, authentication, per-key rate limits (which
    /// need the authenticated key) and authorization, in that order. Each stage that its settings leave with nothing
    /// to do is left out of the pipeline, so an open loopback API does not pay for it on every request.
    /// </summary>
    public static IApplicationBuilder UsePlatformSecurity(this IApplicationBuilder app)
    {
        var security = app.ApplicationServices.GetRequiredService<IOptions<ApiSecurityOptions>>().Value;
        if (app.ApplicationServices.GetRequiredService<IOptions<PlatformCorsOptions>>().Value.Origins.Count > 0)
        {
            app.UseCors();
        }

        app.UseMiddleware<RequestBodyLimitMiddleware>();
        if (security.IsConfigured)
        {
            app.UseAuthentication();
        }

        if (security.ApiKeys.Any(k => k.RateLimit is not null))
        {
            app.UseRateLimiter();
        }

        // Always: endpoints carry authorization metadata; without keys their policies allow everyone.
        app.UseAuthorization();
        return app;
    }

    /// <summary>The authorization policy that requires <paramref name="role"/> (or a role above it).</summary>
    public static string PolicyFor(string role) => role switch
    {
        PlatformRoles.Reader => ReadPolicy,
        PlatformRoles.Writer => WritePolicy,
        PlatformRoles.Admin => AdminPolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Roles are admin, writer and reader."),
    };

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
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    // A JWT role grants the roles below it too, as an API key does.
                    var granted = identity.FindAll("role").SelectMany(c => PlatformRoles.Implied(c.Value)).Distinct().ToList();
                    identity.AddClaims(granted.Select(r => new Claim("role", r)));
                    // A client-credentials token names the calling service in client_id (or azp); a user token in sub.
                    if ((identity.FindFirst("client_id") ?? identity.FindFirst("azp") ?? identity.FindFirst("sub")) is { } caller)
                    {
                        identity.AddClaim(new Claim(PlatformClaims.Caller, caller.Value));
                    }
                }

                return Task.CompletedTask;
            },
        };
    }
}
