using System.Text.Json;
using Json.Schema;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>One registered version, built once per silo: its JSON Schema (JsonSchema.Net) and its upcast from the previous version.</summary>
internal sealed class CompiledSchema
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private CompiledSchema(EventSchema registration, JsonSchema schema, UpcastRules upcast)
    {
        Registration = registration;
        Schema = schema;
        Upcast = upcast;
    }

    public EventSchema Registration { get; }

    public JsonSchema Schema { get; }

    /// <summary>The rules from the previous version to this one (identity for the first version).</summary>
    public UpcastRules Upcast { get; }

    public int Version => Registration.Version;

    /// <summary>Builds a registration; throws a validation error naming the field when the schema or the rules are malformed.</summary>
    public static CompiledSchema Build(EventSchema registration) =>
        new(registration, BuildSchema(registration.EventType, registration.Version, registration.Schema), UpcastRules.Parse(registration.UpcastFrom?.Rules, "upcastFrom.rules"));

    /// <summary>The schema's errors for <paramref name="data"/>, keyed by JSON pointer into the data (empty when valid).</summary>
    public IEnumerable<(string Pointer, string Message)> Errors(JsonElement data)
    {
        var results = Schema.Evaluate(data, ListOutput);
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (d.InstanceLocation.ToString(), e.Value)))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : [("", "The data does not match the schema.")];
    }

    private static JsonSchema BuildSchema(string eventType, int version, string text)
    {
        try
        {
            // A registry of its own per schema: two types may use the same $id without clashing in a process-wide one.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return JsonSchema.FromText(text, options, new Uri($"urn:orleans-platform:schema:{Uri.EscapeDataString(eventType)}:{version}"));
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException or RefResolutionException)
        {
            throw new PlatformValidationException("schema", $"Not a valid JSON Schema: {ex.Message}");
        }
    }
}
