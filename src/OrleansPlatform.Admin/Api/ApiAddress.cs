using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Admin.Api;

/// <summary>
/// The address of this process's own API, which the UI's server side calls over HTTP like any other client, so the
/// UI can do nothing the API would not let its user do.
/// </summary>
public sealed class ApiAddress(IServer server, IOptions<AdminOptions> options)
{
    private static readonly HashSet<string> Wildcards = new(StringComparer.OrdinalIgnoreCase) { "0.0.0.0", "[::]", "::", "+", "*", "localhost" };

    public Uri? Get()
    {
        if (options.Value.ApiAddress is { } configured)
        {
            return configured;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        // "http://+:80" and friends are not valid URIs: swap the host by hand before parsing.
        var schemeEnd = chosen.IndexOf("://", StringComparison.Ordinal) + 3;
        var portStart = chosen.LastIndexOf(':');
        var host = portStart > schemeEnd ? chosen[schemeEnd..portStart] : chosen[schemeEnd..].TrimEnd('/');
        var rest = portStart > schemeEnd ? chosen[portStart..] : "";
        var address = Wildcards.Contains(host) ? chosen[..schemeEnd] + "127.0.0.1" + rest : chosen;
        return new Uri(address.TrimEnd('/') + "/");
    }
}
