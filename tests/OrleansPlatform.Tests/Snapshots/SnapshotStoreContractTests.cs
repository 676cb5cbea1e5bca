using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>What stream-state snapshots ask of storage (issue 12, migration 0014), once per backend.</summary>
public abstract class SnapshotStoreContractTests(PlatformHost host)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private ISnapshotStore Store => host.Service<ISnapshotStore>();

    [Fact]
    public async Task ReadAtOrBefore_PicksTheNewestOfTheTypeAtOrBelowTheVersionAndTime()
    {
        var stream = NewStream();
        await SaveAsync(stream, 5, "fold@1", T0.AddSeconds(5));
        await SaveAsync(stream, 10, "fold@1", T0.AddSeconds(10));
        await SaveAsync(stream, 15, "fold@2", T0.AddSeconds(15));

        Assert.Equal(10, (await ReadAsync(stream, "fold@1", 14, null))!.Version);
        Assert.Equal(5, (await ReadAsync(stream, "fold@1", 9, null))!.Version);
        Assert.Equal(5, (await ReadAsync(stream, "fold@1", 100, T0.AddSeconds(9.999)))!.Version);
        Assert.Equal(10, (await ReadAsync(stream, "fold@1", 100, T0.AddSeconds(10)))!.Version);
        Assert.Equal(T0.AddSeconds(10), (await ReadAsync(stream, "fold@1", 100, null))!.EventTime);
        Assert.Null(await ReadAsync(stream, "fold@1", 4, null));
        Assert.Null(await ReadAsync(stream, "fold@2", 14, null));
        Assert.Null(await ReadAsync(stream, "fold@1", 100, T0));
    }

    [Fact]
    public async Task Delete_ExceptAType_KeepsOnlyThatType()
    {
        var stream = NewStream();
        await SaveAsync(stream, 5, "fold@1", T0);
        await SaveAsync(stream, 10, "fold@2", T0);

        await Store.DeleteAsync(stream, "fold@2", CancellationToken.None);
        var kept = await ReadAsync(stream, "fold@2", 100, null);
        var dropped = await ReadAsync(stream, "fold@1", 100, null);
        await Store.DeleteAsync(stream, null, CancellationToken.None);

        Assert.Equal(10, kept!.Version);
        Assert.Null(dropped);
        Assert.Null(await ReadAsync(stream, "fold@2", 100, null));
    }

    [Fact]
    public async Task DeleteForSubject_RemovesTheSnapshotsOfStreamsThatNamedIt_Only()
    {
        var (subject, other) = ("subject-" + Guid.NewGuid().ToString("N"), "subject-" + Guid.NewGuid().ToString("N"));
        var (named, unnamed, otherNamed) = (NewStream(), NewStream(), NewStream());
        await SaveAsync(named, 5, "fold@1", T0, [subject]);
        await SaveAsync(named, 10, "fold@1", T0);
        await SaveAsync(unnamed, 5, "fold@1", T0);
        await SaveAsync(otherNamed, 5, "fold@1", T0, [other]);

        var streams = await Store.DeleteForSubjectAsync(subject, CancellationToken.None);

        Assert.Equal(1, streams);
        Assert.Null(await ReadAsync(named, "fold@1", 100, null));
        Assert.NotNull(await ReadAsync(unnamed, "fold@1", 100, null));
        Assert.NotNull(await ReadAsync(otherNamed, "fold@1", 100, null));
        Assert.Equal(0, await Store.DeleteForSubjectAsync(subject, CancellationToken.None));
    }

    private static string NewStream() => "snap-" + Guid.NewGuid().ToString("N");

    private Task SaveAsync(string stream, long version, string type, DateTimeOffset eventTime, string[]? subjects = null) =>
        Store.SaveAsync(new StoredSnapshot(stream, version, type, $$"""{"v":{{version}}}""", T0, eventTime, subjects), CancellationToken.None);

    private Task<StoredSnapshot?> ReadAsync(string stream, string type, long maxVersion, DateTimeOffset? at) =>
        Store.ReadAtOrBeforeAsync(stream, type, maxVersion, at, CancellationToken.None);
}

[Collection(SqliteSnapshotCollection.Name)]
public sealed class SqliteSnapshotStoreContractTests(SqliteSnapshotFixture fixture) : SnapshotStoreContractTests(fixture.Host);

[Collection(PostgresSnapshotCollection.Name)]
public sealed class PostgresSnapshotStoreContractTests(PostgresSnapshotFixture fixture) : SnapshotStoreContractTests(fixture.Host);
