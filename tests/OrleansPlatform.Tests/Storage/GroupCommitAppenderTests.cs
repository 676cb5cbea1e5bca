using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>The group commit under faults, against a scripted log: what is split, what fails fast, what is never written.</summary>
public sealed class GroupCommitAppenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task AppendAsync_BatchRefusedForData_SplitsAndOnlyTheCulpritFails()
    {
        var log = new ScriptedEventLog();
        log.Write = appends => appends.Any(a => a.StreamId == "culprit")
            ? throw new PostgresException("new row violates check constraint", "ERROR", "ERROR", PostgresErrorCodes.CheckViolation)
            : ScriptedEventLog.Commit(appends);
        await using var appender = Appender(log);
        var (a, culprit, c) = await QueueBehindHeldBatchAsync(appender, log, "a", "culprit", "c");

        log.Release();

        Assert.True((await a).Committed);
        Assert.True((await c).Committed);
        await Assert.ThrowsAsync<PlatformValidationException>(() => culprit);
        Assert.Equal([["blocker"], ["a", "culprit", "c"], ["a"], ["culprit"], ["c"]], StreamsPerBatch(log));
    }

    [Fact]
    public async Task AppendAsync_ConnectionLost_FailsTheWholeBatchAtOnceWithoutSplitting()
    {
        var log = new ScriptedEventLog();
        log.Write = appends => appends[0].StreamId == "blocker"
            ? ScriptedEventLog.Commit(appends)
            : throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        await using var appender = Appender(log);
        var (a, b, c) = await QueueBehindHeldBatchAsync(appender, log, "a", "b", "c");

        log.Release();

        foreach (var task in new[] { a, b, c })
        {
            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => task);
            Assert.Contains("ConnectionRefused", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal([["blocker"], ["a", "b", "c"]], StreamsPerBatch(log));
    }

    [Fact]
    public async Task AppendAsync_ConnectionLostWhileSplitting_FailsTheRestAtOnce()
    {
        var log = new ScriptedEventLog();
        log.Write = appends => appends switch
        {
            [{ StreamId: "blocker" }] => ScriptedEventLog.Commit(appends),
            [{ StreamId: "a" }] => throw new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset)),
            _ => throw new PostgresException("new row violates check constraint", "ERROR", "ERROR", PostgresErrorCodes.CheckViolation),
        };
        await using var appender = Appender(log);
        var (a, b, c) = await QueueBehindHeldBatchAsync(appender, log, "a", "b", "c");

        log.Release();

        foreach (var task in new[] { a, b, c })
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => task);
        }

        Assert.Equal([["blocker"], ["a", "b", "c"], ["a"]], StreamsPerBatch(log));
    }

    [Fact]
    public async Task AppendAsync_QueueFull_RefusesAtOnceAndAcceptsAgainOnceDrained()
    {
        using var refusals = new AppendFailureCounter("queue_full");
        var log = new ScriptedEventLog();
        await using var appender = Appender(log, o => (o.MaxQueuedEvents, o.MaxBatchEvents) = (2, 1));
        var blocker = appender.AppendAsync(Append("blocker"));
        await log.FirstBatchHeld;
        var queued = new[] { appender.AppendAsync(Append("a")), appender.AppendAsync(Append("b")) };

        var refused = appender.AppendAsync(Append("c"));

        Assert.True(refused.IsFaulted);
        Assert.IsType<StorageUnavailableException>(refused.Exception!.InnerException);
        Assert.True(refusals.Count >= 1);
        log.Release();
        await Task.WhenAll(queued.Append(blocker));
        Assert.True((await appender.AppendAsync(Append("d"))).Committed);
        Assert.DoesNotContain(StreamsPerBatch(log), batch => batch.Contains("c"));
    }

    [Fact]
    public async Task AppendAsync_BatchBytesCapped_SplitsIntoBatchesUnderTheCapAndSendsAnOversizedAppendAlone()
    {
        const int cap = 64 * 1024;
        var log = new ScriptedEventLog();
        await using var appender = Appender(log, o => o.MaxBatchBytes = cap);
        var blocker = appender.AppendAsync(Append("blocker"));
        await log.FirstBatchHeld;
        var small = Enumerable.Range(0, 6).Select(i => appender.AppendAsync(Append("s" + i, 20 * 1024))).ToList();
        var huge = appender.AppendAsync(Append("huge", 200 * 1024));

        log.Release();
        await Task.WhenAll(small.Append(huge).Append(blocker));

        var batches = log.Batches.Skip(1).ToList();
        Assert.Equal(7, batches.Sum(b => b.Count));
        Assert.All(batches.Where(b => b.Count > 1), b => Assert.True(b.Sum(a => a.Events.Sum(e => e.Data.Length)) <= cap));
        Assert.Single(Assert.Single(batches, b => b.Any(a => a.StreamId == "huge")));
        Assert.Contains(batches, b => b.Count > 1);
    }

    [Fact]
    public async Task AppendAsync_DeadlinePasses_AnswersOutcomeUnknownAndNeverWritesWhatWasStillQueued()
    {
        var time = new FakeTimeProvider(Now);
        var log = new ScriptedEventLog();
        await using var appender = Appender(log, o => o.CommitTimeout = TimeSpan.FromSeconds(10), time);
        var inFlight = appender.AppendAsync(Append("blocker"));
        await log.FirstBatchHeld;
        var queued = appender.AppendAsync(Append("given-up"));

        time.Advance(TimeSpan.FromSeconds(11));

        // Both callers are answered at their deadline, while the database still has not answered the first batch.
        var unknown = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => inFlight);
        await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => queued);
        Assert.Contains("retrying with the same event ids is safe", unknown.Message, StringComparison.Ordinal);
        log.Release();
        Assert.True((await appender.AppendAsync(Append("later"))).Committed);
        Assert.Equal([["blocker"], ["later"]], StreamsPerBatch(log));
    }

    [Fact]
    public async Task AppendAsync_CallerGivesUpBeforeItsTurnInASplit_ItsAppendIsNotWrittenAlone()
    {
        var time = new FakeTimeProvider(Now);
        var log = new ScriptedEventLog();
        await using var appender = Appender(log, o => o.CommitTimeout = TimeSpan.FromSeconds(10), time);
        _ = appender.AppendAsync(Append("blocker"));
        await log.FirstBatchHeld;
        var victim = appender.AppendAsync(Append("victim"));
        time.Advance(TimeSpan.FromSeconds(5));
        var (culprit, late) = (appender.AppendAsync(Append("culprit")), appender.AppendAsync(Append("late")));
        log.Write = appends =>
        {
            if (appends.Count > 1 && appends[0].StreamId == "victim")
            {
                // The database takes 6 s to refuse the batch: the victim's deadline passes meanwhile.
                time.Advance(TimeSpan.FromSeconds(6));
            }

            return appends.Any(a => a.StreamId == "culprit")
                ? throw new PostgresException("invalid input syntax for type json", "ERROR", "ERROR", PostgresErrorCodes.InvalidTextRepresentation)
                : ScriptedEventLog.Commit(appends);
        };

        log.Release();

        await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => victim);
        await Assert.ThrowsAsync<PlatformValidationException>(() => culprit);
        Assert.True((await late).Committed);
        Assert.Equal([["blocker"], ["victim", "culprit", "late"], ["culprit"], ["late"]], StreamsPerBatch(log));
    }

    private static async Task<(Task<AppendOutcome>, Task<AppendOutcome>, Task<AppendOutcome>)> QueueBehindHeldBatchAsync(
        GroupCommitAppender appender, ScriptedEventLog log, string a, string b, string c)
    {
        _ = appender.AppendAsync(Append("blocker"));
        await log.FirstBatchHeld;
        var tasks = (appender.AppendAsync(Append(a)), appender.AppendAsync(Append(b)), appender.AppendAsync(Append(c)));
        return tasks;
    }

    private static GroupCommitAppender Appender(ScriptedEventLog log, Action<GroupCommitOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new GroupCommitOptions { MaxConcurrentBatches = 1 };
        configure?.Invoke(options);
        return new GroupCommitAppender(log, Options.Create(options), NullLogger<GroupCommitAppender>.Instance, time);
    }

    private static List<string[]> StreamsPerBatch(ScriptedEventLog log) =>
        log.Batches.Select(b => b.Select(a => a.StreamId).ToArray()).ToList();

    private static PendingAppend Append(string stream, int dataBytes = 10) =>
        new(stream, 0, [new EventData(Guid.NewGuid(), "Happened", new string('x', dataBytes))], Now);
}
