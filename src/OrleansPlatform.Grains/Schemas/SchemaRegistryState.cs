using OrleansPlatform.Contracts.Schemas;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Journal event: a version of an event type's schema was registered.</summary>
[EventType("SchemaRegistered.v1")]
internal sealed record SchemaRegistered(EventSchema Schema);

/// <summary>Every registration, folded from the registry's journal.</summary>
public sealed class SchemaRegistryState : IJournalState
{
    private readonly Dictionary<string, List<EventSchema>> _byType = new(StringComparer.Ordinal);

    public IReadOnlyList<EventSchema> Of(string eventType) => _byType.TryGetValue(eventType, out var versions) ? versions : [];

    public IEnumerable<EventSchema> All => _byType.Values.SelectMany(v => v);

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is SchemaRegistered { Schema: var schema })
        {
            if (!_byType.TryGetValue(schema.EventType, out var versions))
            {
                _byType[schema.EventType] = versions = [];
            }

            versions.Add(schema);
        }
    }
}
