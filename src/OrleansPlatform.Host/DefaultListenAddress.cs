namespace OrleansPlatform.Startup;

/// <summary>
/// Listens on http://127.0.0.1:5080 unless the user named an address. The default lives in code rather than in
/// appsettings.json because a <c>Urls</c> entry there outranks <c>ASPNETCORE_URLS</c>, which api.md promises to honour.
/// </summary>
internal static class DefaultListenAddress
{
    public const string Url = "http://127.0.0.1:5080";

    /// <summary>Applies the default when <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>, the port settings and Kestrel endpoints are all silent.</summary>
    public static void ApplyUnlessConfigured(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var named = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!named)
        {
            builder.WebHost.UseUrls(Url);
        }
    }
}
