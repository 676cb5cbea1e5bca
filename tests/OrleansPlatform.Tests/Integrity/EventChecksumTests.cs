using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.Integrity;
using OrleansPlatform.Tests.Storage;

namespace OrleansPlatform.Tests.Integrity;

/// <summary>The one-buffer hash against the documented layout, written out independently, on the fields' edge cases.</summary>
public sealed class EventChecksumTests
{
    public static TheoryData<string, string?, string?, int?, long, string?> Events => new()
    {
        { "{\"i\":1}", null, null, null, 1L, null },
        { "{\"name\":\"Zoë 日本 🙂\"}", "{\"subject\":\"p-1\"}", "corr-1", 3, 42L, new string('a', 64) },
        // Past the stack buffer: the pooled one, and multi-byte characters across it.
        { "{\"big\":\"" + string.Concat(Enumerable.Repeat("é日🙂x", 1_500)) + "\"}", null, "c", int.MaxValue, 9_000_000_000_000, "" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Compute_AnyEvent_MatchesTheDocumentedLayout(string data, string? metadata, string? correlationId, int? schemaVersion, long version, string? previous)
    {
        var e = new RecordedEvent(Guid.NewGuid(), "s-ü-" + Guid.NewGuid().ToString("N"), version, 1, "Noted", data, metadata, correlationId,
            correlationId is null ? null : "cause", DateTimeOffset.FromUnixTimeMilliseconds(1_764_950_400_123), schemaVersion);

        // An empty previous checksum hashes as none, as storage reads it back.
        var expected = EventLogContractTests.Independent(e, string.IsNullOrEmpty(previous) ? null : previous);
        Assert.Equal(expected, EventChecksum.Compute(e, previous));
        Assert.Equal(expected, EventChecksum.Chain(e.StreamId, version - 1, [new EventData(e.EventId, e.Type, data, metadata, correlationId, e.CausationId, schemaVersion)], e.Timestamp, previous)[0]);
    }
}
