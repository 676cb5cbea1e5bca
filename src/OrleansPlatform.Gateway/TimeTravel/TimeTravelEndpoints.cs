using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.TimeTravel;
using OrleansPlatform.Gateway.EventStore;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.TimeTravel;

/// <summary><c>/api/v1/streams/{id}/diff</c> and <c>/what-if</c>: compare a stream with itself, or with a hypothesis.</summary>
public static class TimeTravelEndpoints
{
    // Who may call what in this group: both only read (what-if writes nothing), so reader.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["DiffStream"] = PlatformRoles.Reader,
        ["WhatIfStream"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapTimeTravelEndpoints(this RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/streams").WithTags("Event store").RequireRoles(Roles);
        streams.MapGet("/{streamId}/diff", DiffAsync).WithName("DiffStream");
        streams.MapPost("/{streamId}/what-if", WhatIfAsync).WithName("WhatIfStream");
        return streams;
    }

    public static async Task<Ok<StreamDiffResponse>> DiffAsync(string streamId, IGrainFactory grains, string? from = null, string? to = null)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var a = TimeTravelParsing.ParsePoint(from, "from");
        var b = TimeTravelParsing.ParsePoint(to, "to");
        var diff = await grains.GetGrain<ITimeTravelGrain>(0).DiffAsync(streamId, a, b);
        return TypedResults.Ok(new StreamDiffResponse(
            diff.StreamId, diff.FromVersion, diff.ToVersion, new RawJson(diff.From), new RawJson(diff.To), new RawJson(diff.Diff)));
    }

    public static async Task<Ok<WhatIfResponse>> WhatIfAsync(string streamId, JsonNode? body, IGrainFactory grains)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var request = TimeTravelParsing.ParseWhatIf(body);
        var result = await grains.GetGrain<ITimeTravelGrain>(0).WhatIfAsync(streamId, request);
        return TypedResults.Ok(new WhatIfResponse(
            result.StreamId, result.Version, new RawJson(result.Actual), new RawJson(result.Hypothetical), new RawJson(result.Diff)));
    }
}
