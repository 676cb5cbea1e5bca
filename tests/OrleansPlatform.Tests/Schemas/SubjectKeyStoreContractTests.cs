using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.Erasure;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>What issue 13 asks of storage (subject keys, stored schema versions), once per backend.</summary>
public abstract class SubjectKeyStoreContractTests(IIssue13StorageFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly ISubjectKeyStore _keys = fixture.Keys;

    [Fact]
    public async Task GetOrAdd_SecondCaller_GetsTheFirstCallersKey()
    {
        var subject = NewSubject();

        var first = await _keys.GetOrAddAsync(subject, [1, 2, 3], Now, CancellationToken.None);
        var second = await _keys.GetOrAddAsync(subject, [9, 9, 9], Now, CancellationToken.None);

        Assert.Equal([1, 2, 3], first.WrappedKey);
        Assert.Equal([1, 2, 3], second.WrappedKey);
    }

    [Fact]
    public async Task Erase_DropsTheKeyForGood_AndAnswersTheFirstErasureTime()
    {
        var subject = NewSubject();
        await _keys.GetOrAddAsync(subject, [1, 2, 3], Now, CancellationToken.None);

        var erasedAt = await _keys.EraseAsync(subject, Now.AddMinutes(1), CancellationToken.None);
        var again = await _keys.EraseAsync(subject, Now.AddMinutes(2), CancellationToken.None);
        var afterwards = await _keys.GetOrAddAsync(subject, [4, 5, 6], Now.AddMinutes(3), CancellationToken.None);

        Assert.Equal(Now.AddMinutes(1), erasedAt);
        Assert.Equal(erasedAt, again);
        Assert.Null(afterwards.WrappedKey);
        Assert.Null(Assert.Single(await _keys.GetAsync([subject], CancellationToken.None)).WrappedKey);
    }

    [Fact]
    public async Task Get_ManySubjects_ReturnsOnlyThoseStored()
    {
        var (a, b, unknown) = (NewSubject(), NewSubject(), NewSubject());
        await _keys.GetOrAddAsync(a, [1], Now, CancellationToken.None);
        await _keys.EraseAsync(b, Now, CancellationToken.None);

        var found = await _keys.GetAsync([a, b, unknown], CancellationToken.None);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), found.Select(k => k.SubjectId).Order(StringComparer.Ordinal));
        Assert.Equal([1], found.Single(k => k.SubjectId == a).WrappedKey);
    }

    [Fact]
    public async Task ErasedSince_ListsErasuresAtOrAfterTheTime()
    {
        var (old, recent) = (NewSubject(), NewSubject());
        var at = DateTimeOffset.UtcNow.AddDays(30);
        await _keys.EraseAsync(old, at.AddMinutes(-5), CancellationToken.None);
        await _keys.EraseAsync(recent, at, CancellationToken.None);

        var erased = await _keys.ErasedSinceAsync(at.AddMinutes(-1), CancellationToken.None);

        Assert.Contains(recent, erased);
        Assert.DoesNotContain(old, erased);
    }

    [Fact]
    public async Task CheckValue_FirstOneWins()
    {
        var stored = await _keys.SetCheckValueAsync("aa", Now, CancellationToken.None);
        var second = await _keys.SetCheckValueAsync("bb", Now, CancellationToken.None);

        Assert.Equal(stored, second);
        Assert.Equal(stored, await _keys.ReadCheckValueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SchemaVersion_IsStoredAndReadBackThroughStreamAndFeed()
    {
        var stream = "sv-" + Guid.NewGuid().ToString("N");
        var events = new[] { new EventData(Guid.NewGuid(), "A", "{}", SchemaVersion: 3), new EventData(Guid.NewGuid(), "B", "{}") };
        var outcome = (await fixture.Log.AppendBatchAsync([new PendingAppend(stream, 0, events, Now)], CancellationToken.None))[0];

        var read = await fixture.Log.ReadStreamAsync(stream, 1, 10, ReadDirection.Forward, CancellationToken.None);
        var feed = await fixture.Log.ReadAllAsync(new ReadAllRequest(outcome.LastPosition - 1, 10), CancellationToken.None);

        Assert.Equal([3, null], read.Select(e => e.SchemaVersion).ToArray());
        Assert.Equal(3, feed.Events.First(e => e.StreamId == stream).SchemaVersion);
    }

    private static string NewSubject() => "subject-" + Guid.NewGuid().ToString("N");
}

/// <summary>A migrated database with its event log and subject key store.</summary>
public interface IIssue13StorageFixture
{
    IEventLog Log { get; }

    ISubjectKeyStore Keys { get; }
}

public sealed class PostgresIssue13StorageFixture : IIssue13StorageFixture, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    /// <summary>The migrated database, for other issue-13 stores.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    public IEventLog Log { get; private set; } = null!;

    public ISubjectKeyStore Keys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dataSource = PostgresDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Postgres, CancellationToken.None);
        }

        Log = new FaultTranslatingEventLog(new PostgresEventLog(_dataSource));
        Keys = new PostgresSubjectKeyStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();
}

public sealed class SqliteIssue13StorageFixture : IIssue13StorageFixture, IAsyncLifetime
{
    private readonly SqliteConnectionFactory _connections =
        SqliteConnectionFactory.ForFile(Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"), "keys.db"));

    /// <summary>The migrated database, for other issue-13 stores.</summary>
    public SqliteConnectionFactory Connections => _connections;

    public IEventLog Log { get; private set; } = null!;

    public ISubjectKeyStore Keys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = await _connections.OpenAsync(CancellationToken.None))
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Sqlite, CancellationToken.None);
        }

        Log = new FaultTranslatingEventLog(new SqliteEventLog(_connections));
        Keys = new SqliteSubjectKeyStore(_connections);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class PostgresSubjectKeyStoreContractTests(PostgresIssue13StorageFixture fixture)
    : SubjectKeyStoreContractTests(fixture), IClassFixture<PostgresIssue13StorageFixture>;

public sealed class SqliteSubjectKeyStoreContractTests(SqliteIssue13StorageFixture fixture)
    : SubjectKeyStoreContractTests(fixture), IClassFixture<SqliteIssue13StorageFixture>;
