using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Targets;

/// <summary>
/// The reference peer: the same appends through Marten's event store in its fastest append mode (Quick), with string
/// stream ids, on the platform's own PostgreSQL in a schema of its own. What a .NET team would use instead of us.
/// </summary>
internal sealed class MartenAppendTarget : IAppendTarget
{
    private readonly DocumentStore _store;

    private MartenAppendTarget(DocumentStore store) => _store = store;

    public static async Task<MartenAppendTarget> CreateAsync(string connectionString)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "bench_marten";
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenAppendTarget(store);
    }

    public async Task AppendAsync(string streamId, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession();
        session.Events.Append(streamId, events.Select(e => (object)new MartenBenchEvent(e.EventId, e.Data)).ToArray());
        await session.SaveChangesAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The benchmark event as a Marten event type: the same id and JSON body the platform stores.</summary>
internal sealed record MartenBenchEvent(Guid Id, string Body);
