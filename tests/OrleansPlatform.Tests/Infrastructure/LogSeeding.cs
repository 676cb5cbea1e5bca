using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>Writes straight into a host's event log, behind its grains' backs (a long history, another activation).</summary>
public static class LogSeeding
{
    /// <summary>Appends one event to <paramref name="stream"/> right after <paramref name="version"/>.</summary>
    public static async Task AppendRawAsync(this PlatformHost host, string stream, long version, string type = "Seeded")
    {
        var outcomes = await host.Service<IEventLog>().AppendBatchAsync(
            [new PendingAppend(stream, version, [new EventData(Guid.NewGuid(), type, "{}")], DateTimeOffset.UtcNow)],
            CancellationToken.None);
        Assert.True(outcomes[0].Committed);
    }
}
