using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Admin.Api;
using OrleansPlatform.Admin.Components;
using OrleansPlatform.Admin.Session;

namespace OrleansPlatform.Admin;

/// <summary>Adds and maps the admin UI (<c>/admin</c>), which reads and acts only through the public <c>/api/v1</c> routes.</summary>
public static class AdminExtensions
{
    public static IServiceCollection AddPlatformAdmin(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => o.ApiAddress is null || (o.ApiAddress.IsAbsoluteUri && o.ApiAddress.Scheme is "http" or "https"), $"{AdminOptions.Section}:ApiAddress must be an absolute http(s) address.")
            .Validate(o => o.RefreshInterval >= TimeSpan.FromMilliseconds(100), $"{AdminOptions.Section}:RefreshInterval must be at least 100 ms.")
            .Validate(o => o.KeysDirectory is null || o.KeysDirectory.Trim().Length > 0, $"{AdminOptions.Section}:KeysDirectory must not be blank.")
            .ValidateOnStart();
        services.AddSharedDataProtection();
        services.AddHttpClient(PlatformApi.ClientName);
        services.AddSingleton<ApiAddress>();
        services.AddSingleton<CredentialCookie>();
        services.AddScoped<AdminSession>();
        services.AddScoped<PlatformApi>();
        return services;
    }

    /// <summary>Maps the pages under <c>/admin</c>, Blazor's hub and its framework script (served from this process, never a CDN).</summary>
    public static IEndpointRouteBuilder MapPlatformAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStaticAssets();
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        endpoints.MapAdminLogout();
        return endpoints;
    }
}
