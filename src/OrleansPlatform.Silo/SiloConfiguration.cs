using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansPlatform.Grains;
using OrleansPlatform.Grains.Bus;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Grains.Transactions;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Grains.Registry;

namespace OrleansPlatform.Silo;

/// <summary>The Orleans side of a platform process: clustering, providers and dashboard per storage kind.</summary>
public static class SiloConfiguration
{
    /// <summary>The grain storage Orleans streams keep their subscriptions in (the name Orleans looks for).</summary>
    private const string PubSubStore = "PubSubStore";

    public static ISiloBuilder ConfigurePlatformSilo(this ISiloBuilder silo, PlatformOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        string invariant, connectionString;
        if (options.Storage == StorageKind.Postgres)
        {
            (invariant, connectionString) = (AdoNetInvariants.Postgres, PostgresDataSource.WithIdleInTransactionTimeout(options.PostgresConnectionString!));
            silo.ConfigureEndpoints(AdvertisedAddress(options), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
            });
        }
        else
        {
            // One embedded node: membership needs no shared table; grain state and reminders live in the SQLite file.
            (invariant, connectionString) = (AdoNetInvariants.Sqlite, $"Data Source={options.SqliteFile};Pooling=True;Default Timeout=30");
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        // Stream subscriptions (who listens to a topic partition's "new events" hint) outlive the silo that held
        // them, so after a silo is lost or the node restarts the next publish wakes its subscribers at once.
        silo.AddAdoNetGrainStorage(PubSubStore, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });

        // "New events" hints from topic partitions to their subscribers; the log stays the source of truth.
        silo.AddMemoryStreams(SubscriptionPartitionGrain.SignalProvider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        // Each subscription sets its own per-call timeout; the client's default 100 s must not cut it shorter.
        silo.Services.AddHttpClient(WebhookDeliverer.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        silo.Services.AddSingleton<WebhookDeliverer>();
        silo.Services.AddSingleton<JournalServices>();
        // Saga steps and transaction participants: each call sets its own timeout.
        silo.Services.AddHttpClient(HttpParticipantCaller.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        silo.Services.AddSingleton<ConfiguredServiceResolver>();
        silo.Services.AddSingleton<IServiceResolver, RegistryServiceResolver>();
        // Registry health checks: each check sets its own timeout.
        silo.Services.AddHttpClient(HealthProbe.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        silo.Services.AddSingleton<HealthProbe>();
        silo.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddSingleton<IParticipantCaller, HttpParticipantCaller>();
        silo.Services.AddOptions<TransactionOptions>().BindConfiguration(TransactionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Carries W3C trace context across grain calls so one trace spans gateway, grains and storage.
        silo.AddActivityPropagation();
        silo.AddDashboard();
        // One cluster-wide sweep resumes the sagas of a lost silo (sagas keep no reminders for short waits).
        silo.AddStartupTask(OrleansPlatform.Grains.Sagas.SagaRecoveryStartup.RunAsync);
        silo.AddStartupTask(OrleansPlatform.Grains.Retention.RetentionReclaimStartup.RunAsync);
        silo.Services.AddSingleton<OrleansPlatform.Grains.Sagas.SagaIndexWriter>();
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        return silo;
    }

    public static IClientBuilder ConfigurePlatformClient(this IClientBuilder client, PlatformOptions options)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariants.Postgres;
            o.ConnectionString = PostgresDataSource.WithIdleInTransactionTimeout(options.PostgresConnectionString!);
        });
        client.AddActivityPropagation();
        client.AddDashboard();
        return client;
    }

    private static IPAddress AdvertisedAddress(PlatformOptions options) =>
        options.AdvertisedAddress is { Length: > 0 } configured
            ? IPAddress.Parse(configured)
            : Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
              ?? IPAddress.Loopback;
}

/// <summary>ADO.NET provider invariant names the Orleans AdoNet providers understand.</summary>
public static class AdoNetInvariants
{
    public const string Postgres = "Npgsql";

    /// <summary>Orleans maps this historical name to Microsoft.Data.Sqlite's factory.</summary>
    public const string Sqlite = "System.Data.SQLite";
}
