using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Schemas;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// The schema registry: validates a registration (a real JSON Schema, well-formed rules, the next version, nothing
/// stored broken by it), journals it in the audited stream <c>$schema:registry</c>, and hands it to its silo's
/// catalog at once (other silos pick it up on their next refresh).
/// </summary>
public sealed class SchemaRegistryGrain(JournalServices journal, SchemaCatalog catalog, IOptions<SchemaOptions> options)
    : LogBackedGrain<SchemaRegistryState>(journal), ISchemaRegistryGrain
{
    public const string JournalStreamId = "$schema:registry";

    protected override string LogStreamId => JournalStreamId;

    public async Task<RegisterSchemaResult> RegisterAsync(string eventType, RegisterSchemaRequest request)
    {
        EnsureValidType(eventType);
        var candidate = new EventSchema(eventType, request.Version, Normalize(request.Schema, "schema"), Normalized(request.UpcastFrom), Time.GetUtcNow());
        var existing = State.Of(eventType);
        if (existing.FirstOrDefault(s => s.Version == request.Version) is { } registered)
        {
            return SameContent(registered, candidate)
                ? new RegisterSchemaResult(registered, false)
                : throw new PlatformConflictException($"Version {request.Version} of '{eventType}' is registered with other content; register version {existing.Count + 1} instead.");
        }

        EnsureNextVersion(eventType, request, existing.Count);
        var next = CompiledSchema.Build(candidate);
        if (existing.Count > 0)
        {
            var chain = new TypeSchemas(existing.Select(CompiledSchema.Build).ToList());
            await SchemaCompatibility.EnsureCompatibleAsync(Log, chain, next, options.Value.CompatibilitySample);
        }

        (await JournalAsync([new SchemaRegistered(candidate)]))
            .EnsureCommitted($"The schema registry changed while version {request.Version} of '{eventType}' was being registered; try again.");
        catalog.Apply(Snapshot());
        return new RegisterSchemaResult(candidate, true);
    }

    public Task<IReadOnlyList<EventSchema>> GetAsync(string eventType) => Task.FromResult(State.Of(eventType));

    public Task<SchemaSnapshot?> GetSnapshotAsync(long knownRevision) =>
        Task.FromResult(Version > knownRevision ? Snapshot() : null);

    private SchemaSnapshot Snapshot() => new(Version, State.All.ToList());

    private static void EnsureValidType(string eventType)
    {
        if (string.IsNullOrWhiteSpace(eventType) || eventType.Length > EventStoreRules.MaxTypeLength || EventStoreRules.HasControlCharacters(eventType))
        {
            throw new PlatformValidationException("eventType", $"An event type of 1 to {EventStoreRules.MaxTypeLength} printable characters is required.");
        }
    }

    private static void EnsureNextVersion(string eventType, RegisterSchemaRequest request, int latest)
    {
        if (request.Version != latest + 1)
        {
            throw new PlatformValidationException("version", latest == 0
                ? $"'{eventType}' has no schema yet: register version 1."
                : $"'{eventType}' is at version {latest}: register version {latest + 1}.");
        }

        if (request.UpcastFrom is { } upcast && upcast.Version != latest)
        {
            throw new PlatformValidationException("upcastFrom.version", latest == 0
                ? "A first version has nothing to upcast from."
                : $"An upcast to version {request.Version} starts from version {latest}.");
        }
    }

    private static SchemaUpcast? Normalized(SchemaUpcast? upcast) =>
        upcast is null ? null : upcast with { Rules = Normalize(upcast.Rules, "upcastFrom.rules") };

    /// <summary>Compact JSON, so that repeating a registration with other whitespace is recognised as the same.</summary>
    private static string Normalize(string? json, string field)
    {
        try
        {
            return JsonNode.Parse(json ?? "")?.ToJsonString() ?? throw new PlatformValidationException(field, "JSON is required.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new PlatformValidationException(field, "Not valid JSON.");
        }
    }

    private static bool SameContent(EventSchema a, EventSchema b) =>
        a.Schema == b.Schema && a.UpcastFrom?.Version == b.UpcastFrom?.Version && a.UpcastFrom?.Rules == b.UpcastFrom?.Rules;
}
