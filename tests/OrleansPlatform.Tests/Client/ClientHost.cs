using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Client;

/// <summary>Another .NET service: its own host with the platform client, connected to a platform's gateway.</summary>
internal static class ClientHost
{
    public static async Task<IHost> StartAsync(
        PlatformHost platform, Action<IServiceCollection>? configure = null, Action<OrleansPlatformClientOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOrleansPlatformClient(o =>
        {
            o.ClusterId = platform.ClusterId;
            o.Gateways.Add($"127.0.0.1:{platform.GatewayPort}");
            o.SubscriptionPollInterval = TimeSpan.FromMilliseconds(20);
            o.SubscriptionProgressInterval = TimeSpan.FromMilliseconds(100);
            options?.Invoke(o);
        });
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
