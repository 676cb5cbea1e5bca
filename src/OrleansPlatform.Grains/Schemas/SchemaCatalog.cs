using System.Collections.Frozen;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// This silo's copy of the schema registry, built once per registration: validating an append or upcasting a read
/// is a dictionary lookup, never a call to the registry or to the database. Kept current by
/// <see cref="SchemaCatalogRefresher"/> (and at once by the registry on its own silo).
/// </summary>
public sealed class SchemaCatalog
{
    private volatile Snapshot _current = new(-1, FrozenDictionary<string, TypeSchemas>.Empty);

    /// <summary>The registry revision this copy reflects (-1 before the first load).</summary>
    public long Revision => _current.Revision;

    internal TypeSchemas? Find(string eventType) => _current.Types.GetValueOrDefault(eventType);

    /// <summary>Whether any type has a schema: when none does, reads skip the upcast step entirely.</summary>
    public bool IsEmpty => _current.Types.Count == 0;

    /// <summary>The latest registered version of <paramref name="eventType"/>, or null when it has no schema.</summary>
    public int? LatestVersion(string eventType) => Find(eventType)?.Latest.Version;

    /// <summary>Adopts a registry snapshot when it is newer than the copy held.</summary>
    public void Apply(SchemaSnapshot snapshot)
    {
        if (snapshot.Revision <= _current.Revision)
        {
            return;
        }

        var types = snapshot.Schemas
            .GroupBy(s => s.EventType, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => new TypeSchemas(g.OrderBy(s => s.Version).Select(CompiledSchema.Build).ToList()), StringComparer.Ordinal);
        _current = new Snapshot(snapshot.Revision, types);
    }

    /// <summary>
    /// Validates data of <paramref name="eventType"/> and returns the schema version to store: null for an
    /// unregistered type, else <paramref name="requestedVersion"/> or the latest. Errors go to <paramref name="errors"/>
    /// keyed by JSON pointer into the request: <paramref name="eventPointer"/> (such as <c>/events/0</c>) plus
    /// <c>/data</c> and the pointer into the data.
    /// </summary>
    public int? Validate(string eventType, string data, int? requestedVersion, string eventPointer, IDictionary<string, string[]> errors)
    {
        if (Find(eventType) is not { } type)
        {
            if (requestedVersion is not null)
            {
                errors[eventPointer + "/schemaVersion"] = [$"Type '{eventType}' has no registered schema."];
            }

            return null;
        }

        var schema = requestedVersion is { } named ? type.Find(named) : type.Latest;
        if (schema is null)
        {
            errors[eventPointer + "/schemaVersion"] = [$"Type '{eventType}' has schema versions 1 to {type.Latest.Version}."];
            return null;
        }

        var found = TypeSchemas.Errors(schema, data).ToList();
        SchemaTelemetry.RecordValidated(found.Count == 0);
        foreach (var group in found.GroupBy(e => eventPointer + "/data" + e.Pointer))
        {
            errors[group.Key] = group.Select(e => e.Message).ToArray();
        }

        return schema.Version;
    }

    /// <summary>Throws the collected errors as one validation problem (400 with <c>errors</c> keyed by pointer).</summary>
    public static void ThrowIfAny(IDictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new PlatformValidationException(new Dictionary<string, string[]>(errors));
        }
    }

    private sealed record Snapshot(long Revision, FrozenDictionary<string, TypeSchemas> Types);
}
