using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Targets;

/// <summary>Appends through <see cref="Client.IEventStore"/>: grain calls straight to the stream's silo.</summary>
internal sealed class ClientAppendTarget(PlatformClient client) : IAppendTarget
{
    public async Task AppendAsync(string streamId, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        var result = await client.Store.AppendAsync(streamId, ExpectedVersion.Any, events, cancellationToken);
        if (result.Duplicate)
        {
            // Fresh ids can never be a replay; if the platform says so, nothing new was written and it must not count.
            throw new InvalidOperationException($"Append to '{streamId}' was reported as a duplicate.");
        }
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
