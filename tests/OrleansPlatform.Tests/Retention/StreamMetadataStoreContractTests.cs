using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.Retention;
using OrleansPlatform.Tests.Schemas;

namespace OrleansPlatform.Tests.Retention;

/// <summary>Stream metadata storage (0018), once per backend over the issue-13 storage fixtures.</summary>
public abstract class StreamMetadataStoreContractTests(IStreamMetadataStore store)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Set_then_get_round_trips_every_field_and_a_second_set_replaces_it()
    {
        var stream = "meta-" + Guid.NewGuid().ToString("N");
        Assert.Null(await store.GetAsync(stream, CancellationToken.None));

        await store.SetAsync(stream, new StreamMetadata(TimeSpan.FromDays(30), 1000, 7), Now, CancellationToken.None);
        var stored = await store.GetAsync(stream, CancellationToken.None);
        Assert.Equal(new StreamMetadata(TimeSpan.FromDays(30), 1000, 7), stored!.Metadata);
        Assert.Null(stored.DeletedAt);

        await store.SetAsync(stream, new StreamMetadata(MaxCount: 3), Now, CancellationToken.None);
        Assert.Equal(new StreamMetadata(MaxCount: 3), (await store.GetAsync(stream, CancellationToken.None))!.Metadata);
    }

    [Fact]
    public async Task Soft_delete_raises_truncate_before_and_stamps_the_time_and_remove_forgets_it()
    {
        var stream = "meta-" + Guid.NewGuid().ToString("N");
        await store.SetAsync(stream, new StreamMetadata(TruncateBefore: 10), Now, CancellationToken.None);
        await store.SoftDeleteAsync(stream, 5, Now, CancellationToken.None);
        var kept = (await store.GetAsync(stream, CancellationToken.None))!;
        Assert.Equal(10, kept.Metadata.TruncateBefore);
        Assert.Equal(Now, kept.DeletedAt);

        await store.SoftDeleteAsync(stream, 12, Now, CancellationToken.None);
        Assert.Equal(12, (await store.GetAsync(stream, CancellationToken.None))!.Metadata.TruncateBefore);

        var many = await store.GetManyAsync([stream, "absent-" + stream], CancellationToken.None);
        Assert.Equal([stream], many.Keys);

        await store.RemoveAsync(stream, CancellationToken.None);
        Assert.Null(await store.GetAsync(stream, CancellationToken.None));
    }
}

public sealed class PostgresStreamMetadataStoreContractTests(PostgresIssue13StorageFixture fixture)
    : StreamMetadataStoreContractTests(new PostgresStreamMetadataStore(fixture.DataSource)), IClassFixture<PostgresIssue13StorageFixture>;

public sealed class SqliteStreamMetadataStoreContractTests(SqliteIssue13StorageFixture fixture)
    : StreamMetadataStoreContractTests(new SqliteStreamMetadataStore(fixture.Connections)), IClassFixture<SqliteIssue13StorageFixture>;
