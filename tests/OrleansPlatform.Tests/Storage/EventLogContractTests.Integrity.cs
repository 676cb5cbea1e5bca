using System.Security.Cryptography;
using System.Text;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Integrity;

namespace OrleansPlatform.Tests.Storage;

public abstract partial class EventLogContractTests
{
    [Fact]
    public async Task AppendBatch_WithChecksums_StoresAndReadsTheChain()
    {
        var stream = Stream();
        var first = Chained(Append(stream, 0, 2), null);
        await Log.AppendBatchAsync([first], CancellationToken.None);
        var second = Chained(Append(stream, 2, 1), first.Checksums![^1]);
        await Log.AppendBatchAsync([second], CancellationToken.None);

        var events = await Log.ReadStreamAsync(stream, 1, 10, ReadDirection.Forward, CancellationToken.None);

        Assert.Equal([.. first.Checksums!, .. second.Checksums!], events.Select(e => e.Checksum));
        Assert.Equal([null, first.Checksums![0], first.Checksums![1]], events.Select(e => e.PreviousChecksum));
        Assert.Equal(Independent(events[1], events[0].Checksum), events[1].Checksum);
        Assert.Equal(new Contracts.Integrity.StreamVerification(true, 3, null), await ChainVerifier.VerifyAsync(Log, stream, CancellationToken.None));
    }

    [Fact]
    public async Task AppendBatch_WithoutChecksums_StoresNullAndVerifiesNothing()
    {
        var stream = Stream();
        await Log.AppendBatchAsync([Append(stream, 0, 2)], CancellationToken.None);

        var events = await Log.ReadStreamAsync(stream, 1, 10, ReadDirection.Forward, CancellationToken.None);

        Assert.All(events, e => Assert.Null(e.Checksum));
        Assert.Equal(new Contracts.Integrity.StreamVerification(true, 0, null, 2), await ChainVerifier.VerifyAsync(Log, stream, CancellationToken.None));
    }

    internal static PendingAppend Chained(PendingAppend append, string? previous) => append with
    {
        PreviousChecksum = previous,
        Checksums = EventChecksum.Chain(append.StreamId, append.CurrentVersion, append.Events, append.Timestamp, previous),
    };

    /// <summary>The documented layout, written out again here so a change to <see cref="EventChecksum"/> shows.</summary>
    internal static string Independent(RecordedEvent e, string? previous)
    {
        var bytes = new List<byte>();
        foreach (var field in new[]
        {
            e.StreamId, e.Version.ToString(), e.EventId.ToString("D"), e.Type, e.Data, e.Metadata, e.CorrelationId,
            e.CausationId, e.SchemaVersion?.ToString(), e.Timestamp.ToUnixTimeMilliseconds().ToString(), previous,
        })
        {
            var value = field is null ? null : Encoding.UTF8.GetBytes(field);
            var length = value?.Length ?? -1;
            bytes.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            bytes.AddRange(value ?? []);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
