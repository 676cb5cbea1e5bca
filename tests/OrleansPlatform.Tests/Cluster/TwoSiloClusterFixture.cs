using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Cluster;

/// <summary>Two silo+gateway processes and one gateway-only process on one PostgreSQL database: one cluster.</summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    public PlatformHost SiloA { get; private set; } = null!;

    public PlatformHost SiloB { get; private set; } = null!;

    public PlatformHost GatewayOnly { get; private set; } = null!;

    public HttpClient A { get; private set; } = null!;

    public HttpClient B { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "two-" + Guid.NewGuid().ToString("N")[..8];
        SiloA = PlatformHost.Postgres(database, clusterId);
        A = await SiloA.StartAsync();
        SiloB = PlatformHost.Postgres(database, clusterId);
        B = await SiloB.StartAsync();
        GatewayOnly = PlatformHost.Postgres(database, clusterId, roles: "gateway");
        Gateway = await GatewayOnly.StartAsync();
        var membership = SiloA.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        await GatewayOnly.DisposeAsync();
        await SiloB.DisposeAsync();
        await SiloA.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloClusterCollection : ICollectionFixture<TwoSiloClusterFixture>
{
    public const string Name = "Two-silo cluster on PostgreSQL";
}
