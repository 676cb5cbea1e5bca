using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>
/// A real platform process (silo + gateway) hosted in the test process, on SQLite or PostgreSQL, with its own ports.
/// Several hosts on one PostgreSQL database form one cluster.
/// </summary>
public sealed class PlatformHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    private PlatformHost(Dictionary<string, string?> settings) => _settings = settings;

    public string? DataDirectory => _settings.GetValueOrDefault("Platform:DataDirectory");

    public string ClusterId => _settings.GetValueOrDefault("Platform:ClusterId") ?? "orleans-platform";

    public int GatewayPort => int.Parse(_settings["Platform:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    public static PlatformHost Sqlite(string? dataDirectory = null) => new(new()
    {
        ["Platform:Storage"] = "Sqlite",
        ["Platform:DataDirectory"] = dataDirectory ?? Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N")),
        ["Platform:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public static PlatformHost Postgres(string connectionString, string clusterId, string roles = "silo,gateway") => new(new()
    {
        ["Platform:Storage"] = "Postgres",
        ["ConnectionStrings:Postgres"] = connectionString,
        ["Platform:ClusterId"] = clusterId,
        ["Platform:Roles"] = roles,
        ["Platform:AdvertisedAddress"] = "127.0.0.1",
        ["Platform:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public PlatformHost With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services of the host (fault injection); applied after the host's own.</summary>
    public PlatformHost WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the host and waits until it reports ready.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await Eventually.MatchAsync(async () => (await client.GetAsync("/health/ready")).StatusCode, s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => _services.ForEach(configure => configure(services)));
    }
}
