using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Retention;

/// <summary><c>/api/v1/streams/{streamId}/metadata</c>: a stream's retention settings (issue 13).</summary>
public static class StreamMetadataEndpoints
{
    // Hiding events is a write to the stream; reading the settings is a read.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["SetStreamMetadata"] = PlatformRoles.Writer,
        ["GetStreamMetadata"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapStreamMetadataEndpoints(this RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/streams").WithTags("Event store").RequireRoles(Roles);
        streams.MapPut("/{streamId}/metadata", SetAsync).WithName("SetStreamMetadata");
        streams.MapGet("/{streamId}/metadata", GetAsync).WithName("GetStreamMetadata");
        return streams;
    }

    public static async Task<Ok<StreamMetadataDto>> SetAsync(string streamId, StreamMetadataBody? body, IGrainFactory grains)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        if (body is null)
        {
            throw new PlatformValidationException("body", "Send {\"maxAge\",\"maxCount\",\"truncateBefore\"} (each optional).");
        }

        var metadata = new StreamMetadata(ParseAge(body.MaxAge), body.MaxCount, body.TruncateBefore);
        await grains.GetGrain<IStreamRetentionGrain>(0).SetMetadataAsync(streamId, metadata);
        return TypedResults.Ok(StreamMetadataDto.From(streamId, metadata));
    }

    public static async Task<Ok<StreamMetadataDto>> GetAsync(string streamId, IGrainFactory grains)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var metadata = await grains.GetGrain<IStreamRetentionGrain>(0).GetMetadataAsync(streamId);
        return TypedResults.Ok(StreamMetadataDto.From(streamId, metadata));
    }

    private static TimeSpan? ParseAge(string? maxAge) =>
        maxAge is null ? null
        : TimeSpan.TryParse(maxAge, CultureInfo.InvariantCulture, out var age) ? age
        : throw new PlatformValidationException("maxAge", "maxAge must be a duration such as \"30.00:00:00\" (days.hours:minutes:seconds).");
}

/// <summary>The body of <c>PUT /streams/{streamId}/metadata</c>; an absent field retains without that limit.</summary>
/// <param name="MaxAge">A duration such as <c>30.00:00:00</c>.</param>
/// <param name="MaxCount">Keep only the newest this many events.</param>
/// <param name="TruncateBefore">Hide events with a version below this.</param>
public sealed record StreamMetadataBody(string? MaxAge = null, long? MaxCount = null, long? TruncateBefore = null);

/// <summary>A stream's retention settings as the API shows them.</summary>
public sealed record StreamMetadataDto(string StreamId, string? MaxAge, long? MaxCount, long? TruncateBefore)
{
    public static StreamMetadataDto From(string streamId, StreamMetadata metadata) =>
        new(streamId, metadata.MaxAge?.ToString("c", CultureInfo.InvariantCulture), metadata.MaxCount, metadata.TruncateBefore);
}
