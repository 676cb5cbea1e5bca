using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Validates the events of an append against their types' schemas and stamps the schema version each is stored at.</summary>
internal static class AppendValidation
{
    /// <summary>
    /// The events to store: each of a registered type validated and given its schema version (the one it names, or
    /// the latest); unregistered types pass unchanged. Throws one 400 with every error keyed by JSON pointer
    /// (<c>/events/{i}/data/...</c>).
    /// </summary>
    public static IReadOnlyList<EventData> Validate(SchemaCatalog catalog, IReadOnlyList<EventData> events)
    {
        if (catalog.IsEmpty && events.All(e => e.SchemaVersion is null))
        {
            return events;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var stamped = new EventData[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var version = catalog.Validate(e.Type, e.Data, e.SchemaVersion, $"/events/{i}", errors);
            stamped[i] = version == e.SchemaVersion ? e : e with { SchemaVersion = version };
        }

        SchemaCatalog.ThrowIfAny(errors);
        return stamped;
    }
}
