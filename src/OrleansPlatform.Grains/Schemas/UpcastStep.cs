using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Shows events of registered types at their latest schema version (a copy; stored bytes never change).</summary>
public sealed class UpcastStep(SchemaCatalog catalog) : IEventPresentationStep
{
    public ValueTask<IReadOnlyList<RecordedEvent>> PresentAsync(IReadOnlyList<RecordedEvent> events, bool raw, CancellationToken cancellationToken)
    {
        if (raw || catalog.IsEmpty || events.Count == 0)
        {
            return ValueTask.FromResult(events);
        }

        RecordedEvent[]? changed = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!IsUpcast(e.StreamId) || catalog.Find(e.Type) is not { } type || e.SchemaVersion == type.Latest.Version)
            {
                continue;
            }

            changed ??= [.. events];
            var reshaped = !e.Redacted && type.NeedsUpcast(e.SchemaVersion);
            if (reshaped)
            {
                SchemaTelemetry.RecordUpcast();
            }

            changed[i] = e with { Data = reshaped ? type.Upcast(e.Data, e.SchemaVersion) : e.Data, SchemaVersion = type.Latest.Version };
        }

        return ValueTask.FromResult<IReadOnlyList<RecordedEvent>>(changed ?? events);
    }

    // Callers' events (user streams and topic partitions) follow registered schemas; the platform's own journals
    // decode by their own versioned names and must never be reshaped, whatever a caller registers.
    private static bool IsUpcast(string streamId) => !streamId.StartsWith('$') || streamId.StartsWith("$topic:", StringComparison.Ordinal);
}
