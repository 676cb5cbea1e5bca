using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// <c>Platform:Cors:Origins</c> as ASP.NET Core's default CORS policy. With no origins there is no policy, so no
/// response carries CORS headers and browsers keep their same-origin rule.
/// </summary>
internal sealed class CorsSetup(IOptions<PlatformCorsOptions> platform) : IConfigureOptions<CorsOptions>
{
    // Headers a browser script may read: throttling, created resources, the registry's blocking-query index.
    private static readonly string[] ExposedHeaders = ["Retry-After", "Location", "X-Platform-Index"];

    public void Configure(CorsOptions options)
    {
        var origins = platform.Value.Origins;
        if (origins.Count == 0)
        {
            return;
        }

        options.AddDefaultPolicy(policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. origins]);
            }

            // Credentials travel in headers (X-Api-Key, Authorization), never cookies, so credentialed CORS stays off.
            policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        });
    }

    /// <summary>Whether <paramref name="entry"/> is <c>*</c> or an origin: http(s), host, optional port, nothing after.</summary>
    public static bool IsValidEntry(string entry) => entry == "*" || IsOrigin(entry);

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && !origin.EndsWith('/') && string.IsNullOrEmpty(uri.Query);
}
