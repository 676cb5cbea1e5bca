using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Orleans.Configuration;

namespace OrleansPlatform.Client;

/// <summary>Registration of the platform's typed clients.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds an Orleans cluster client for the platform and the typed clients (<see cref="IEventStore"/>,
    /// <see cref="IEventBus"/>, <see cref="ISagas"/>, <see cref="ITransactions"/>, <see cref="IServiceRegistry"/>,
    /// <see cref="IProjections"/>). The Orleans
    /// client connects when the host starts. It also adds a service discovery endpoint provider backed by the registry:
    /// with <c>AddServiceDiscovery()</c>, an <see cref="HttpClient"/> whose base address is <c>http://orders</c> calls a
    /// healthy instance of <c>orders</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddOrleansPlatformClient(o => o.Gateways.Add("127.0.0.1:30000"));
    /// var store = app.Services.GetRequiredService&lt;IEventStore&gt;();
    /// await store.AppendAsync("order-42", ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "OrderPlaced", "{}")]);
    /// </code>
    /// </example>
    /// <exception cref="OptionsValidationException">Neither a PostgreSQL connection string nor a gateway was given.</exception>
    public static IServiceCollection AddOrleansPlatformClient(this IServiceCollection services, Action<OrleansPlatformClientOptions> configure)
    {
        var options = new OrleansPlatformClientOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString) && options.Gateways.Count == 0)
        {
            throw new OptionsValidationException(nameof(OrleansPlatformClientOptions), typeof(OrleansPlatformClientOptions),
                ["Give the cluster's PostgreSQL connection string or at least one gateway (host:port)."]);
        }

        if (options.SubscriptionHandlerTimeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException(nameof(OrleansPlatformClientOptions), typeof(OrleansPlatformClientOptions),
                ["SubscriptionHandlerTimeout must be positive."]);
        }

        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            client.AddActivityPropagation();
            if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.PostgresConnectionString;
                });
            }
            else
            {
                client.UseStaticClustering(options.Gateways.Select(ParseEndpoint).ToArray());
            }
        });
        services.AddSingleton<IEventStore, EventStoreClient>();
        services.AddSingleton<IEventBus, EventBusClient>();
        services.AddSingleton<ITransactions, TransactionsClient>();
        services.AddSingleton<ISagas, SagasClient>();
        services.AddSingleton<Schemas.ISchemas, Schemas.SchemasClient>();
        services.AddSingleton<IProjections, ProjectionsClient>();
        services.AddSingleton<Integrity.IIntegrity, Integrity.IntegrityClient>();
        services.AddSingleton<RegistrationKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrationKeeper>());
        services.AddSingleton<ResolveCache>();
        services.AddSingleton<IServiceRegistry, ServiceRegistryClient>();
        // First among endpoint providers, so .NET service discovery's pass-through (which only fills an empty list)
        // never adds the bare host name in front of the registry's instances.
        services.Insert(0, ServiceDescriptor.Singleton<IServiceEndpointProviderFactory, RegistryEndpointProviderFactory>());
        return services;
    }

    private static IPEndPoint ParseEndpoint(string gateway)
    {
        if (IPEndPoint.TryParse(gateway, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var parts = gateway.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            var address = Dns.GetHostAddresses(parts[0]).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            return new IPEndPoint(address, port);
        }

        throw new OptionsValidationException(nameof(OrleansPlatformClientOptions), typeof(OrleansPlatformClientOptions), [$"Gateway '{gateway}' is not host:port."]);
    }
}
