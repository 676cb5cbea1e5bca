using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>Refuses to expose an unauthenticated API beyond this machine unless <c>Platform:Insecure=true</c>.</summary>
internal static class ListenAddressGuard
{
    public static void EnsureSafe(IConfiguration configuration, ApiSecurityOptions security)
    {
        if (security.IsConfigured || configuration.GetValue<bool>("Platform:Insecure"))
        {
            return;
        }

        var exposed = ListenUrls(configuration).Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new OptionsValidationException(ApiSecurityOptions.Section, typeof(ApiSecurityOptions),
            [
                $"Listening on {string.Join(", ", exposed)} without API keys would open the API to the network. " +
                "Configure Platform:Auth:ApiKeys (or Platform:Auth:Jwt), bind to 127.0.0.1, or set Platform:Insecure=true.",
            ]);
        }
    }

    private static IEnumerable<string> ListenUrls(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = $"{configuration["http_ports"]};{configuration["https_ports"]}".Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        // ASPNETCORE_HTTP_PORTS binds every interface.
        return urls.Concat(endpoints).Concat(ports.Select(p => $"http://*:{p}"));
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
