using System.Security.Cryptography;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>A platform host with a master key (crypto-shredding on) on SQLite.</summary>
public sealed class SqliteErasureFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite().With("Platform:Erasure:MasterKey", ErasureKeys.NewMasterKey());

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A platform host with a master key (crypto-shredding on) on a fresh PostgreSQL database.</summary>
public sealed class PostgresErasureFixture : IAsyncLifetime
{
    public PlatformHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = PlatformHost.Postgres(await TestPostgres.CreateDatabaseAsync(), "erasure-" + Guid.NewGuid().ToString("N")[..8])
            .With("Platform:Erasure:MasterKey", ErasureKeys.NewMasterKey());
        Client = await Host.StartAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SqliteErasureCollection : ICollectionFixture<SqliteErasureFixture>
{
    public const string Name = "Erasure on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresErasureCollection : ICollectionFixture<PostgresErasureFixture>
{
    public const string Name = "Erasure on PostgreSQL";
}

internal static class ErasureKeys
{
    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
