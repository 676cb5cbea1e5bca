using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>The group commit on each real database, with appends that are sure to share one batch.</summary>
public abstract partial class EventLogContractTests
{
    [Fact]
    public async Task GroupCommit_OneAppendConflictsInASharedBatch_OthersCommitAndTheCulpritGetsAConflict()
    {
        var (a, b, c) = (Stream(), Stream(), Stream());
        await Log.AppendBatchAsync([Append(b, 0, 1)], CancellationToken.None);
        var held = new HeldEventLog(Log);
        await using var appender = Appender(held);
        var blocker = appender.AppendAsync(Append(Stream(), 0, 1));
        await held.FirstBatchHeld;
        var appends = new[] { appender.AppendAsync(Append(a, 0, 2)), appender.AppendAsync(Append(b, 0, 2)), appender.AppendAsync(Append(c, 0, 1)) };

        held.Release();
        var outcomes = await Task.WhenAll(appends.Append(blocker));

        Assert.Equal([true, false, true, true], outcomes.Select(o => o.Committed));
        Assert.Contains(held.Batches, batch => batch.SequenceEqual([a, b, c]));
        Assert.Equal(1, (await Log.GetStreamInfoAsync(b, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task GroupCommit_OneAppendRefusedForDataInASharedBatch_IsSplitSoOnlyTheCulpritFails()
    {
        var (a, culprit, c) = (Stream(), Stream(), Stream());
        var held = new HeldEventLog(Log);
        await using var appender = Appender(held);
        var blocker = appender.AppendAsync(Append(Stream(), 0, 1));
        await held.FirstBatchHeld;
        // Version 0 breaks the table's version > 0 check on every backend: a per-row data error, not a conflict.
        var (first, bad, last) = (appender.AppendAsync(Append(a, 0, 2)), appender.AppendAsync(Append(culprit, -1, 1)), appender.AppendAsync(Append(c, 0, 1)));

        held.Release();

        Assert.True((await first).Committed);
        Assert.True((await last).Committed);
        Assert.True((await blocker).Committed);
        await Assert.ThrowsAsync<PlatformValidationException>(() => bad);
        Assert.Contains(held.Batches, batch => batch.SequenceEqual([a, culprit, c]));
        Assert.Contains(held.Batches, batch => batch.SequenceEqual([culprit]));
        Assert.Null(await Log.GetStreamInfoAsync(culprit, CancellationToken.None));
        Assert.Equal(2, (await Log.GetStreamInfoAsync(a, CancellationToken.None))!.Version);
    }

    private static GroupCommitAppender Appender(IEventLog log) =>
        new(log, Options.Create(new GroupCommitOptions { MaxConcurrentBatches = 1 }), NullLogger<GroupCommitAppender>.Instance);
}
