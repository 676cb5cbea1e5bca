using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.TimeTravel;

namespace OrleansPlatform.Gateway.TimeTravel;

/// <summary>Turns query values and what-if bodies into contracts, naming the field that is wrong.</summary>
public static class TimeTravelParsing
{
    /// <summary>A version (digits) or an RFC 3339 time.</summary>
    public static StreamPoint ParsePoint(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new PlatformValidationException(field, "Give a version or an RFC 3339 time.");
        }

        if (value.All(char.IsAsciiDigit))
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? StreamPoint.AtVersion(version)
                : throw new PlatformValidationException(field, "The version is too large.");
        }

        return StreamPoint.AtTime(ParseTime(value, field));
    }

    /// <summary>An RFC 3339 time with its offset, as UTC.</summary>
    public static DateTimeOffset ParseTime(string value, string field) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new PlatformValidationException(field, "Not an RFC 3339 time.");

    /// <summary>The what-if body: <c>{"at":{"version":N}|{"time":"..."},"without":[ids],"append":[{"type","data"}]}</c>.</summary>
    public static WhatIfRequest ParseWhatIf(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw new PlatformValidationException("body", "The body is a JSON object.");
        }

        return new WhatIfRequest(ParseAt(root["at"]), ParseWithout(root["without"]), ParseAppend(root["append"]));
    }

    private static StreamPoint ParseAt(JsonNode? at)
    {
        switch (at)
        {
            case JsonObject o when o["version"] is JsonValue v:
                return v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var version) && version >= 0
                    ? StreamPoint.AtVersion(version)
                    : throw new PlatformValidationException("at.version", "A version is a whole number, 0 or more.");
            case JsonObject o when o["time"] is JsonValue t:
                return t.GetValueKind() == JsonValueKind.String
                    ? StreamPoint.AtTime(ParseTime(t.GetValue<string>(), "at.time"))
                    : throw new PlatformValidationException("at.time", "Not an RFC 3339 time.");
            default:
                throw new PlatformValidationException("at", "Give {\"version\":N} or {\"time\":\"<RFC 3339>\"}.");
        }
    }

    internal static List<Guid> ParseWithout(JsonNode? without)
    {
        if (without is null)
        {
            return [];
        }

        if (without is not JsonArray ids)
        {
            throw new PlatformValidationException("without", "A list of event ids.");
        }

        return ids.Select((id, i) => id is JsonValue v && v.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.GetValue<string>(), out var guid)
                ? guid
                : throw new PlatformValidationException($"without[{i}]", "Not an event id (a UUID).")).ToList();
    }

    internal static List<HypotheticalEvent> ParseAppend(JsonNode? append)
    {
        if (append is null)
        {
            return [];
        }

        if (append is not JsonArray events)
        {
            throw new PlatformValidationException("append", "A list of events.");
        }

        return events.Select((node, i) =>
        {
            var e = node as JsonObject ?? throw new PlatformValidationException($"append[{i}]", "An event is an object.");
            var type = e["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            if (string.IsNullOrWhiteSpace(type))
            {
                throw new PlatformValidationException($"append[{i}].type", "An event needs a type.");
            }

            return e["data"] is JsonObject data
                ? new HypotheticalEvent(type, data.ToJsonString())
                : throw new PlatformValidationException($"append[{i}].data", "Event data is a JSON object.");
        }).ToList();
    }
}
