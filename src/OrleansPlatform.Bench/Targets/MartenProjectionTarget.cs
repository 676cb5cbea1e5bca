using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Events.Aggregation;

namespace OrleansPlatform.Bench.Targets;

/// <summary>
/// The reference peer for projections: Marten's async daemon folding a single-stream projection (one document per
/// stream) over the same backlog the platform's <c>project</c> scenario seeds, on the same PostgreSQL, in a schema of
/// its own. The fold keeps a count and the last body, which is lighter than the platform's JSON merge-patch.
/// </summary>
internal sealed class MartenProjectionTarget : IAsyncDisposable
{
    private readonly DocumentStore _store;

    private MartenProjectionTarget(DocumentStore store) => _store = store;

    public static async Task<MartenProjectionTarget> CreateAsync(string connectionString)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            // A fresh schema per run, so the daemon starts from nothing and the backlog is exactly what was seeded.
            options.DatabaseSchemaName = "bench_marten_project_" + Guid.NewGuid().ToString("N")[..8];
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Projections.Add(new MartenBenchProjection(), ProjectionLifecycle.Async);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenProjectionTarget(store);
    }

    public async Task AppendAsync(string streamId, IEnumerable<(Guid Id, string Body)> events, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession();
        session.Events.Append(streamId, events.Select(e => (object)new MartenBenchEvent(e.Id, e.Body)).ToArray());
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Starts the daemon and waits until every projection has processed every event; returns the documents.</summary>
    public async Task<long> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var daemon = await _store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await _store.WaitForNonStaleProjectionDataAsync(timeout);
        await daemon.StopAllAsync();
        await using var session = _store.QuerySession();
        return await session.Query<MartenBenchDocument>().CountAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One stream's projected document.</summary>
public sealed class MartenBenchDocument
{
    public string Id { get; set; } = "";

    public long Events { get; set; }

    public string? Last { get; set; }
}

/// <summary>Counts a stream's events and keeps the last body.</summary>
internal sealed class MartenBenchProjection : SingleStreamProjection<MartenBenchDocument, string>
{
    public static MartenBenchDocument Create(MartenBenchEvent e) => new() { Events = 1, Last = e.Body };

    public void Apply(MartenBenchEvent e, MartenBenchDocument document)
    {
        document.Events++;
        document.Last = e.Body;
    }
}
