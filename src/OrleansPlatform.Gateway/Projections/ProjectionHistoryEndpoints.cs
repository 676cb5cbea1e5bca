using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Gateway.EventStore;
using OrleansPlatform.Gateway.TimeTravel;

namespace OrleansPlatform.Gateway.Projections;

/// <summary>A projection document's past: as of a point, compared between two, and what-if. Nothing here writes.</summary>
public static class ProjectionHistoryEndpoints
{
    /// <summary><c>GET .../documents/{id}?at=&lt;time&gt;|position=N</c>: the document then, refolded with the projection's fold.</summary>
    public static async Task<Ok<ProjectionDocumentDto>> GetDocumentAtAsync(string name, string id, FeedPoint at, IGrainFactory grains)
    {
        var document = await grains.GetGrain<IProjectionHistoryGrain>(0).GetDocumentAtAsync(name, id, at);
        return TypedResults.Ok(ProjectionDocumentDto.From(document ?? throw new ResourceNotFoundException("document", id)));
    }

    public static async Task<Ok<DocumentDiffResponse>> DiffAsync(string name, string id, IGrainFactory grains, string? from = null, string? to = null)
    {
        var a = Point(from, "from");
        var b = Point(to, "to");
        var diff = await grains.GetGrain<IProjectionHistoryGrain>(0).DiffAsync(name, id, a, b);
        return TypedResults.Ok(new DocumentDiffResponse(
            diff.Id, diff.From?.Version, diff.From?.Position, diff.To?.Version, diff.To?.Position, Data(diff.From), Data(diff.To), new RawJson(diff.Diff)));
    }

    public static async Task<Ok<DocumentWhatIfResponse>> WhatIfAsync(string name, string id, JsonNode? body, IGrainFactory grains)
    {
        if (body is not JsonObject root)
        {
            throw new PlatformValidationException("body", "The body is a JSON object.");
        }

        var request = new DocumentWhatIfRequest(ParseAt(root["at"]), TimeTravelParsing.ParseWithout(root["without"]), TimeTravelParsing.ParseAppend(root["append"]));
        var result = await grains.GetGrain<IProjectionHistoryGrain>(0).WhatIfAsync(name, id, request);
        return TypedResults.Ok(new DocumentWhatIfResponse(
            result.Id, result.Actual?.Position, Data(result.Actual), Data(result.Hypothetical), new RawJson(result.Diff)));
    }

    /// <summary>The point of a document read: null when neither <c>at</c> nor <c>position</c> is given (the live document).</summary>
    internal static FeedPoint? ReadPoint(string? at, string? position) => (at, position) switch
    {
        (null, null) => null,
        (not null, not null) => throw new PlatformValidationException("at", "Give at or position, not both."),
        (null, _) => FeedPoint.AtPosition(Position(position, "position")),
        _ => FeedPoint.AtTime(TimeTravelParsing.ParseTime(at, "at")),
    };

    /// <summary>A global position (digits) or an RFC 3339 time.</summary>
    private static FeedPoint Point(string? value, string field)
    {
        var point = TimeTravelParsing.ParsePoint(value, field);
        return point.Version is { } position ? FeedPoint.AtPosition(position) : FeedPoint.AtTime(point.Time!.Value);
    }

    private static long Position(string value, string field) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new PlatformValidationException(field, "A global position is a whole number, 0 or more.");

    private static FeedPoint ParseAt(JsonNode? at)
    {
        switch (at)
        {
            case JsonObject o when o["position"] is JsonValue v:
                return v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var position) && position >= 0
                    ? FeedPoint.AtPosition(position)
                    : throw new PlatformValidationException("at.position", "A global position is a whole number, 0 or more.");
            case JsonObject o when o["time"] is JsonValue t:
                return t.GetValueKind() == JsonValueKind.String
                    ? FeedPoint.AtTime(TimeTravelParsing.ParseTime(t.GetValue<string>(), "at.time"))
                    : throw new PlatformValidationException("at.time", "Not an RFC 3339 time.");
            default:
                throw new PlatformValidationException("at", "Give {\"position\":N} or {\"time\":\"<RFC 3339>\"}.");
        }
    }

    private static RawJson? Data(ProjectionDocument? document) => document is null ? null : new RawJson(document.Data);
}
