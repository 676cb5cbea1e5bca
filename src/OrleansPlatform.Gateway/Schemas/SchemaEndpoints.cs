using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Schemas;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Schemas;

/// <summary><c>/api/v1/schemas</c>: register and read the JSON Schemas (and upcasts) of event types.</summary>
public static class SchemaEndpoints
{
    // Registering a schema changes what every producer may write, so it is an administrator's act.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["PutSchema"] = PlatformRoles.Admin,
        ["GetSchema"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapSchemaEndpoints(this RouteGroupBuilder api)
    {
        var schemas = api.MapGroup("/schemas").WithTags("Event schemas").RequireRoles(Roles);
        schemas.MapPut("/{eventType}", PutAsync).WithName("PutSchema");
        schemas.MapGet("/{eventType}", GetAsync).WithName("GetSchema");
        return schemas;
    }

    public static async Task<Results<Created<SchemaVersionDto>, Ok<SchemaVersionDto>>> PutAsync(string eventType, PutSchemaBody? body, IGrainFactory grains)
    {
        var request = ToRequest(body);
        var result = await grains.GetGrain<ISchemaRegistryGrain>(0).RegisterAsync(eventType, request);
        var dto = SchemaVersionDto.From(result.Schema);
        return result.Created
            ? TypedResults.Created($"/api/v1/schemas/{Uri.EscapeDataString(eventType)}", dto)
            : TypedResults.Ok(dto);
    }

    public static async Task<Ok<SchemaListDto>> GetAsync(string eventType, IGrainFactory grains)
    {
        var versions = await grains.GetGrain<ISchemaRegistryGrain>(0).GetAsync(eventType);
        if (versions.Count == 0)
        {
            throw new ResourceNotFoundException("schema", eventType);
        }

        return TypedResults.Ok(new SchemaListDto(eventType, versions[^1].Version, versions.Select(SchemaVersionDto.From).ToList()));
    }

    private static RegisterSchemaRequest ToRequest(PutSchemaBody? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.Version is not ({ } version and >= 1))
        {
            errors["version"] = ["A version of 1 or more is required."];
            version = 0;
        }

        if (body?.Schema is not { ValueKind: JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False } schema)
        {
            errors["schema"] = ["A JSON Schema (an object) is required."];
            schema = default;
        }

        SchemaUpcast? upcast = null;
        if (body?.UpcastFrom is { } from)
        {
            if (from.Version is not ({ } fromVersion and >= 1))
            {
                errors["upcastFrom.version"] = ["The version the rules start from is required."];
                fromVersion = 0;
            }

            if (from.Rules is not { ValueKind: JsonValueKind.Array } rules)
            {
                errors["upcastFrom.rules"] = ["Rules are a JSON array."];
                rules = default;
            }

            upcast = errors.Count == 0 ? new SchemaUpcast(fromVersion, rules.GetRawText()) : null;
        }

        return errors.Count > 0
            ? throw new PlatformValidationException(errors)
            : new RegisterSchemaRequest(version, schema.GetRawText(), upcast);
    }
}
