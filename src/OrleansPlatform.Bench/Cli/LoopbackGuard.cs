using System.Net;
using Npgsql;

namespace OrleansPlatform.Bench.Cli;

/// <summary>
/// Keeps every byte of benchmark traffic on this machine: a load generator pointed at a shared or production
/// endpoint by a typo can do real harm, so anything that is not loopback is refused before a connection is made.
/// </summary>
internal static class LoopbackGuard
{
    public static string? GatewayError(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            return $"Gateway '{gateway}' is not host:port.";
        }

        return IsLoopbackHost(gateway[..colon].Trim('[', ']')) ? null : $"Gateway '{gateway}' is not a loopback address.";
    }

    public static string? UrlError(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? $"'{url}' is not an http(s) URL."
            : uri.IsLoopback ? null : $"URL '{url}' is not a loopback address.";

    public static string? PostgresError(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"Not a PostgreSQL connection string: {ex.Message}";
        }

        // Npgsql accepts a comma-separated host list; a leading '/' is a Unix-domain socket directory (local by nature).
        var hosts = (builder.Host ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (hosts.Length == 0)
        {
            return "The PostgreSQL connection string needs Host=127.0.0.1 (or a local socket directory).";
        }

        var remote = hosts.FirstOrDefault(h => !h.StartsWith('/') && !IsLoopbackHost(h.Split(':')[0]));
        return remote is null ? null : $"PostgreSQL host '{remote}' is not a loopback address.";
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
