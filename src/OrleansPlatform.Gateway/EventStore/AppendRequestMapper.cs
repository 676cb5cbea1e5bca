using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Gateway.EventStore;

/// <summary>Turns the HTTP append body into the grain's request, reporting every malformed field at once.</summary>
internal static class AppendRequestMapper
{
    public static AppendRequest ToRequest(AppendEventsBody? body)
    {
        if (body is null)
        {
            throw new PlatformValidationException("body", "A JSON body with an events list is required.");
        }

        var expected = ParseExpectedVersion(body.ExpectedVersion)
            ?? throw new PlatformValidationException("expectedVersion", "Use a version of 0 or more, \"any\" or \"exists\".");
        var events = (body.Events ?? []).Select(ToEventData).ToList();
        return new AppendRequest(expected, events);
    }

    private static ExpectedVersion? ParseExpectedVersion(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return ExpectedVersion.Any;
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.TryGetInt64(out var n) && n >= 0 ? ExpectedVersion.Exactly(n) : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = element.GetString();
        return text switch
        {
            "any" => ExpectedVersion.Any,
            "exists" => ExpectedVersion.StreamExists,
            _ when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) => ExpectedVersion.Exactly(v),
            _ => null,
        };
    }

    private static EventData ToEventData(AppendEventBody e) => new(
        EventId: e.EventId ?? Guid.CreateVersion7(),
        Type: e.Type ?? "",
        Data: e.Data is { ValueKind: not JsonValueKind.Undefined } data ? data.GetRawText() : "",
        Metadata: e.Metadata is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } metadata ? metadata.GetRawText() : null,
        CorrelationId: e.CorrelationId,
        CausationId: e.CausationId,
        SchemaVersion: e.SchemaVersion);
}
