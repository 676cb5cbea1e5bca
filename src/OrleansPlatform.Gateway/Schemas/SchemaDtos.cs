using System.Text.Json;
using OrleansPlatform.Contracts.Schemas;
using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.Schemas;

/// <summary>Body of <c>PUT /api/v1/schemas/{eventType}</c>.</summary>
public sealed record PutSchemaBody(int? Version, JsonElement? Schema, UpcastBody? UpcastFrom);

/// <summary>The upcast from the previous version: its version and the rules (rename, move, default, remove).</summary>
public sealed record UpcastBody(int? Version, JsonElement? Rules);

/// <summary>One registered version as the API shows it.</summary>
public sealed record SchemaVersionDto(string EventType, int Version, RawJson Schema, UpcastDto? UpcastFrom, DateTimeOffset RegisteredAt)
{
    public static SchemaVersionDto From(EventSchema s) => new(
        s.EventType, s.Version, new RawJson(s.Schema),
        s.UpcastFrom is { } u ? new UpcastDto(u.Version, new RawJson(u.Rules)) : null, s.RegisteredAt);
}

public sealed record UpcastDto(int Version, RawJson Rules);

/// <summary>Every version of a type's schema, oldest first.</summary>
public sealed record SchemaListDto(string EventType, int LatestVersion, IReadOnlyList<SchemaVersionDto> Versions);
