using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Gateway.Errors;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.EventStore;

/// <summary><c>/api/v1/streams</c>: append to, read and fold one stream.</summary>
public static class StreamEndpoints
{
    public const int MaxReadLimit = 1_000;

    // Who may call what in this group; reads need reader, appends writer.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["AppendToStream"] = PlatformRoles.Writer,
        ["ReadStream"] = PlatformRoles.Reader,
        ["GetStream"] = PlatformRoles.Reader,
        ["GetStreamState"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapStreamEndpoints(this RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/streams").WithTags("Event store").RequireRoles(Roles);
        streams.MapPost("/{streamId}/events", AppendAsync).WithName("AppendToStream");
        streams.MapGet("/{streamId}/events", ReadAsync).WithName("ReadStream");
        streams.MapGet("/{streamId}", GetInfoAsync).WithName("GetStream");
        streams.MapGet("/{streamId}/state", GetStateAsync).WithName("GetStreamState");
        return streams;
    }

    public static async Task<Results<Created<AppendResponse>, Ok<AppendResponse>>> AppendAsync(
        string streamId, AppendEventsBody? body, IGrainFactory grains, HttpContext httpContext)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var request = AppendRequestMapper.ToRequest(body);
        if (body?.ExpectedVersion is { } sent)
        {
            httpContext.Items[PlatformProblemDetails.ExpectedVersionAsSent] = sent;
        }

        var result = await grains.GetGrain<IEventStreamGrain>(streamId).AppendAsync(request);
        var response = AppendResponse.From(result);
        return result.Duplicate
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/v1/streams/{Uri.EscapeDataString(streamId)}/events?from={result.FirstVersion}", response);
    }

    public static async Task<Ok<StreamEventsResponse>> ReadAsync(
        string streamId, IGrainFactory grains, long? from = null, int limit = 100, string direction = "forward", bool raw = false)
    {
        var readDirection = direction switch
        {
            "forward" => ReadDirection.Forward,
            "backward" => ReadDirection.Backward,
            _ => throw new PlatformValidationException("direction", "Use 'forward' or 'backward'."),
        };
        EnsureLimit(limit);
        var start = from ?? (readDirection == ReadDirection.Forward ? 1 : long.MaxValue);
        var reader = grains.GetGrain<IEventReaderGrain>(0);
        var slice = raw
            ? await reader.ReadStreamRawAsync(streamId, start, limit, readDirection)
            : await reader.ReadStreamAsync(streamId, start, limit, readDirection);
        return TypedResults.Ok(new StreamEventsResponse(slice.StreamId, slice.Version, slice.Events.Select(RecordedEventDto.From).ToList()));
    }

    public static async Task<Ok<StreamInfo>> GetInfoAsync(string streamId, IGrainFactory grains)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await grains.GetGrain<IEventStreamGrain>(streamId).GetInfoAsync() ?? throw new StreamNotFoundException(streamId);
        return TypedResults.Ok(info);
    }

    public static async Task<Ok<StreamStateResponse>> GetStateAsync(
        string streamId, IGrainFactory grains, long? version = null, DateTimeOffset? at = null)
    {
        if (version is < 0)
        {
            throw new PlatformValidationException("version", "A version is 0 or more.");
        }

        var view = await grains.GetGrain<IEventReaderGrain>(0).GetStateAsync(streamId, version, at?.ToUniversalTime());
        return TypedResults.Ok(new StreamStateResponse(view.StreamId, view.Version, new RawJson(view.State)));
    }

    internal static void EnsureLimit(int limit)
    {
        if (limit is < 1 or > MaxReadLimit)
        {
            throw new PlatformValidationException("limit", $"A limit is between 1 and {MaxReadLimit}.");
        }
    }
}
