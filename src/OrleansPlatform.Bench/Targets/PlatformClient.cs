using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Client;

namespace OrleansPlatform.Bench.Targets;

/// <summary>
/// The platform's typed client, hosted the way a .NET service hosts it (<see cref="ServiceCollectionExtensions.AddOrleansPlatformClient"/>),
/// so client-mode numbers are what an application would see.
/// </summary>
internal sealed class PlatformClient : IAsyncDisposable
{
    // Joining the cluster retries internally; a benchmark against an unreachable cluster should fail, not wait forever.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly IHost _host;

    private PlatformClient(IHost host) => _host = host;

    public IEventStore Store => _host.Services.GetRequiredService<IEventStore>();

    public IEventBus Bus => _host.Services.GetRequiredService<IEventBus>();

    public ITransactions Transactions => _host.Services.GetRequiredService<ITransactions>();

    public ISagas Sagas => _host.Services.GetRequiredService<ISagas>();

    public IServiceRegistry Registry => _host.Services.GetRequiredService<IServiceRegistry>();

    public IProjections Projections => _host.Services.GetRequiredService<IProjections>();

    /// <summary>The cluster client's grains, for set-up calls the typed clients do not offer (schema registration).</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<PlatformClient> ConnectAsync(ConnectionSettings connection, CancellationToken cancellationToken)
    {
        if (connection.Gateways.Count == 0 && connection.Postgres is null)
        {
            throw new InvalidOperationException("Client mode needs --gateway host:port or --postgres with the cluster's database.");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Warnings only: the live progress line is the output; Orleans' informational start-up chatter would bury it.
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOrleansPlatformClient(o =>
        {
            o.ClusterId = connection.ClusterId;
            // Fixed gateways win when both are given: --postgres may be there only for the baseline.
            if (connection.Gateways.Count > 0)
            {
                foreach (var gateway in connection.Gateways)
                {
                    o.Gateways.Add(gateway);
                }
            }
            else
            {
                o.PostgresConnectionString = connection.Postgres;
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new PlatformClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
