using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// Refuses a new version that stored events could not be read at: its required members must be guaranteed by the
/// previous version or provided by the rules, and a sample of stored events, upcast through the whole chain, must
/// pass the new schema.
/// </summary>
internal static class SchemaCompatibility
{
    public static async Task EnsureCompatibleAsync(IEventLog log, TypeSchemas existing, CompiledSchema next, int sampleSize)
    {
        EnsureRequiredProvided(existing.Latest, next);
        var sample = await log.ReadAllAsync(new ReadAllRequest(0, sampleSize, [next.Registration.EventType], IncludeSystemStreams: true), CancellationToken.None);
        foreach (var e in sample.Events)
        {
            if (e.Redacted || JsonNode.Parse(existing.Upcast(e.Data, e.SchemaVersion)) is not JsonObject data)
            {
                continue;
            }

            next.Upcast.Apply(data);
            var errors = TypeSchemas.Errors(next, data.ToJsonString()).ToList();
            if (errors.Count > 0)
            {
                throw new PlatformConflictException(
                    $"Version {next.Version} of '{next.Registration.EventType}' would break stored events: event {e.EventId} (stream '{e.StreamId}', version {e.Version}) upcast to it fails at '{errors[0].Pointer}': {errors[0].Message}");
            }
        }
    }

    private static void EnsureRequiredProvided(CompiledSchema previous, CompiledSchema next)
    {
        var guaranteed = RequiredPointers(previous.Registration.Schema).ToHashSet(StringComparer.Ordinal);
        next.Upcast.ApplyTo(guaranteed);
        var missing = RequiredPointers(next.Registration.Schema).Where(p => !guaranteed.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw new PlatformConflictException(
                $"Version {next.Version} of '{next.Registration.EventType}' requires {string.Join(", ", missing)}, which events of version {previous.Version} may lack and the upcast rules do not provide (add a default, or a rename from a required member).");
        }
    }

    /// <summary>The top-level required members of a schema as pointers.</summary>
    private static IEnumerable<string> RequiredPointers(string schema) =>
        JsonNode.Parse(schema) is JsonObject { } root && root["required"] is JsonArray required
            ? required.Where(r => r is JsonValue).Select(r => "/" + r!.GetValue<string>().Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))
            : [];
}
