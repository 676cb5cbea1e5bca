using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Api;

/// <summary>One platform host on SQLite shared by every API test of the collection.</summary>
public sealed class SqlitePlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One platform host on a fresh PostgreSQL database shared by every API test of the collection.</summary>
public sealed class PostgresPlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        Host = PlatformHost.Postgres(ConnectionString, "api-" + Guid.NewGuid().ToString("N")[..8]);
        Client = await Host.StartAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteApiCollection : ICollectionFixture<SqlitePlatformFixture>
{
    public const string Name = "API on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresPlatformFixture>
{
    public const string Name = "API on PostgreSQL";
}
