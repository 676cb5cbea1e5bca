using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Bench.Targets;

/// <summary>What an appended event asks of the platform besides storing it (issue 13's costs, measured against plain).</summary>
internal enum BenchPayload
{
    /// <summary>A type without a schema, no subject: the plain append path.</summary>
    Plain,

    /// <summary>A type with a registered JSON Schema: each event is validated (JsonSchema.Net) before it is stored.</summary>
    Schema,

    /// <summary>Events naming a subject (one per writer): each event's data is sealed with AES-GCM under the subject's key.</summary>
    Encrypted,
}

internal static class BenchPayloads
{
    public const string SchemaType = "BenchSchemaEvent";

    // The benchmark body's exact shape, strict enough that validation walks every member.
    private const string Schema = """
        {"type":"object","required":["writer","seq","note"],"additionalProperties":false,
         "properties":{"writer":{"type":"integer","minimum":0},"seq":{"type":"integer","minimum":0},"note":{"type":"string","maxLength":200}}}
        """;

    public static string TypeOf(BenchPayload payload) => payload == BenchPayload.Schema ? SchemaType : BenchEvents.Type;

    /// <summary>The metadata naming the writer's subject, for <see cref="BenchPayload.Encrypted"/>; otherwise none.</summary>
    public static string? MetadataOf(BenchPayload payload, int writer) => payload == BenchPayload.Encrypted
        ? string.Create(CultureInfo.InvariantCulture, $$"""{"subject":"bench-subject-{{writer}}"}""")
        : null;

    /// <summary>Registers the benchmark type's schema (idempotent) when the payload needs it: over HTTP in http mode, else as a grain call.</summary>
    public static async Task PrepareAsync(BenchPayload payload, ConnectionSettings connection, string mode, CancellationToken cancellationToken)
    {
        if (payload != BenchPayload.Schema)
        {
            return;
        }

        if (mode == "http")
        {
            using var http = new HttpClient { BaseAddress = connection.Url };
            var body = new JsonObject { ["version"] = 1, ["schema"] = JsonNode.Parse(Schema) };
            using var response = await http.PutAsJsonAsync($"api/v1/schemas/{SchemaType}", body, cancellationToken);
            response.EnsureSuccessStatusCode();
            return;
        }

        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        await client.Grains.GetGrain<ISchemaRegistryGrain>(0).RegisterAsync(SchemaType, new RegisterSchemaRequest(1, JsonNode.Parse(Schema)!.ToJsonString(), null));
    }
}
