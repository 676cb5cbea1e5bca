using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Targets;

/// <summary>One way into the platform's append path (typed client or HTTP), so the scenario measures both alike.</summary>
internal interface IAppendTarget : IAsyncDisposable
{
    /// <summary>Appends with expected version "any"; completes once the platform confirmed the events as new.</summary>
    Task AppendAsync(string streamId, IReadOnlyList<EventData> events, CancellationToken cancellationToken);
}
