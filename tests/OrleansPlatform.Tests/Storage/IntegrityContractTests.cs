using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Integrity;
using static OrleansPlatform.Tests.Storage.EventLogContractTests;

namespace OrleansPlatform.Tests.Storage;

/// <summary>Rows changed directly in the database break the chain at the right version; subclassed once per backend.</summary>
public abstract class IntegrityContractTests(IEventLog log)
{
    /// <summary>Runs SQL against the backend's database, bypassing the platform.</summary>
    protected abstract Task ExecuteAsync(string sql, string streamId, long version);

    [Theory]
    [InlineData("UPDATE platform_events SET data = '{\"i\":99}' WHERE stream_id = @s AND version = @v")]
    [InlineData("UPDATE platform_events SET event_type = 'Forged' WHERE stream_id = @s AND version = @v")]
    public async Task Verify_RowChangedInDatabase_BrokenAtThatVersion(string tamper)
    {
        var stream = await ChainedStreamAsync(5);

        await ExecuteAsync(tamper, stream, 3);

        Assert.Equal(new StreamVerification(false, 2, 3, 0, StreamVerification.ChecksumMismatch), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_RowDeletedInDatabase_BrokenAtTheMissingVersion()
    {
        var stream = await ChainedStreamAsync(5);

        await ExecuteAsync("DELETE FROM platform_events WHERE stream_id = @s AND version = @v", stream, 4);

        Assert.Equal(new StreamVerification(false, 3, 4, 0, StreamVerification.VersionMissing), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_ChecksumClearedInDatabase_BrokenAtThatVersion()
    {
        var stream = await ChainedStreamAsync(4);

        await ExecuteAsync("UPDATE platform_events SET checksum = NULL WHERE stream_id = @s AND version = @v", stream, 2);

        Assert.Equal(new StreamVerification(false, 1, 2, 0, StreamVerification.ChecksumMissing), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_UnchecksummedRowsBeforeTheChain_StartsAtTheFirstChecksummedRow()
    {
        var stream = Stream();
        await log.AppendBatchAsync([Append(stream, 0, 2)], CancellationToken.None);
        await log.AppendBatchAsync([Chained(Append(stream, 2, 3), null)], CancellationToken.None);

        Assert.Equal(new StreamVerification(true, 3, null, 2), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_PreviousChecksumChangedInDatabase_LinkBrokenAtThatVersion()
    {
        var stream = await ChainedStreamAsync(4);

        await ExecuteAsync("UPDATE platform_events SET previous_checksum = checksum WHERE stream_id = @s AND version = @v", stream, 3);

        Assert.Equal(new StreamVerification(false, 2, 3, 0, StreamVerification.LinkMismatch), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1)]
    public async Task FeedChecker_RowDeletedAndRowChanged_NamesEachStreamsFirstBrokenVersion(int capacity)
    {
        var deleted = await ChainedStreamAsync(5);
        var changed = await ChainedStreamAsync(5);
        var intact = await ChainedStreamAsync(3);
        await ExecuteAsync("DELETE FROM platform_events WHERE stream_id = @s AND version = @v", deleted, 4);
        await ExecuteAsync("UPDATE platform_events SET data = '{\"i\":99}' WHERE stream_id = @s AND version = @v", changed, 2);

        // Capacity 1 forgets every other stream's link, so each link is checked against the stored predecessor instead.
        var checker = new FeedChainChecker(log, capacity);
        var broken = new Dictionary<string, long>();
        for (var position = 0L; ;)
        {
            var page = await log.ReadAllAsync(new ReadAllRequest(position, 500, IncludeSystemStreams: true, Raw: true), CancellationToken.None);
            foreach (var e in page.Events.Where(e => !broken.ContainsKey(e.StreamId)))
            {
                if (await checker.CheckAsync(e, CancellationToken.None) is { } at)
                {
                    broken[e.StreamId] = at;
                    checker.Forget(e.StreamId);
                }
            }

            if (page.Events.Count == 0)
            {
                break;
            }

            position = page.NextPosition;
        }

        Assert.Equal(4, broken[deleted]);
        Assert.Equal(2, broken[changed]);
        Assert.False(broken.ContainsKey(intact));
    }

    private async Task<string> ChainedStreamAsync(int count)
    {
        var stream = Stream();
        string? previous = null;
        for (var v = 0; v < count; v++)
        {
            var append = Chained(Append(stream, v, 1), previous);
            Assert.True((await log.AppendBatchAsync([append], CancellationToken.None))[0].Committed);
            previous = append.Checksums![^1];
        }

        var events = await log.ReadStreamAsync(stream, 1, count, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal(new StreamVerification(true, count, null), await ChainVerifier.VerifyAsync(log, stream, CancellationToken.None));
        Assert.Equal(count, events.Count);
        return stream;
    }
}

[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresIntegrityContractTests(PostgresEventLogFixture fixture) : IntegrityContractTests(fixture.Log)
{
    protected override async Task ExecuteAsync(string sql, string streamId, long version)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("s", streamId);
        command.Parameters.AddWithValue("v", version);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

[Collection(SqliteStorageCollection.Name)]
public sealed class SqliteIntegrityContractTests(SqliteEventLogFixture fixture) : IntegrityContractTests(fixture.Log)
{
    protected override async Task ExecuteAsync(string sql, string streamId, long version)
    {
        await using var connection = await fixture.Connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("@s", streamId));
        command.Parameters.Add(new SqliteParameter("@v", version));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
