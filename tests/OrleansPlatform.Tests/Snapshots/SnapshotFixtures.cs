using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Schemas;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>Settings shared by the snapshot hosts: snapshots every few events so short streams have several, and a master key for erasure.</summary>
internal static class SnapshotHosts
{
    public const int Every = 5;

    public static PlatformHost Configure(PlatformHost host) => host
        .With("Platform:Snapshots:Every", Every.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Platform:Erasure:MasterKey", ErasureKeys.NewMasterKey());
}

/// <summary>A platform host on SQLite snapshotting every <see cref="SnapshotHosts.Every"/> events.</summary>
public sealed class SqliteSnapshotFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = SnapshotHosts.Configure(PlatformHost.Sqlite());

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A platform host on a fresh PostgreSQL database snapshotting every <see cref="SnapshotHosts.Every"/> events.</summary>
public sealed class PostgresSnapshotFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = SnapshotHosts.Configure(PlatformHost.Postgres(await TestPostgres.CreateDatabaseAsync(), "snap-" + Guid.NewGuid().ToString("N")[..8]));
        Client = await Host.StartAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteSnapshotCollection : ICollectionFixture<SqliteSnapshotFixture>
{
    public const string Name = "Snapshots on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresSnapshotCollection : ICollectionFixture<PostgresSnapshotFixture>
{
    public const string Name = "Snapshots on PostgreSQL";
}
