using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.TimeTravel;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Gateway.TimeTravel;

namespace OrleansPlatform.Gateway.EventStore;

/// <summary><c>/api/v1/events</c>: every stream in one global order, paged or live (server-sent events).</summary>
public static class GlobalFeedEndpoints
{
    public const int MaxFeedLimit = 10_000;

    // How long a live reader waits before asking storage again when it has caught up.
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // Who may call what in this group.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["ReadAll"] = PlatformRoles.Reader,
        ["ReadAllLive"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapGlobalFeedEndpoints(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Event store").RequireRoles(Roles);
        events.MapGet("/", ReadAllAsync).WithName("ReadAll");
        events.MapGet("/live", LiveAsync).WithName("ReadAllLive");
        return events;
    }

    public static async Task<Ok<AllEventsResponse>> ReadAllAsync(
        IGrainFactory grains, long fromPosition = 0, int limit = 1000, string? type = null, string? correlationId = null, string? fromTime = null, bool raw = false)
    {
        var request = ToRequest(fromPosition, limit, type, correlationId) with { Raw = raw };
        var slice = fromTime is null
            ? await grains.GetGrain<IEventReaderGrain>(0).ReadAllAsync(request)
            : await grains.GetGrain<ITimeTravelGrain>(0).ReadAllFromTimeAsync(request, TimeTravelParsing.ParseTime(fromTime, "fromTime"));
        return TypedResults.Ok(new AllEventsResponse(slice.Events.Select(RecordedEventDto.From).ToList(), slice.NextPosition));
    }

    public static async Task LiveAsync(
        HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider time,
        long? fromPosition = null, string? type = null, string? correlationId = null, bool raw = false, string? fromTime = null)
    {
        var resumeFrom = context.Request.Headers["Last-Event-ID"] is [{ } lastId] && long.TryParse(lastId, out var last) ? last + 1 : (long?)null;
        var request = ToRequest(resumeFrom ?? fromPosition ?? 0, 500, type, correlationId) with { Raw = raw };
        var since = fromTime is null ? (DateTimeOffset?)null : TimeTravelParsing.ParseTime(fromTime, "fromTime");
        var reader = grains.GetGrain<IEventReaderGrain>(0);
        // The first page finds its start through the index by time; a resumed feed already knows its position.
        var findStart = since is not null && resumeFrom is null;
        var cancel = context.RequestAborted;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(cancel);
        var lastWrite = time.GetUtcNow();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var slice = findStart
                    ? await grains.GetGrain<ITimeTravelGrain>(0).ReadAllFromTimeAsync(request, since!.Value)
                    : await reader.ReadAllAsync(request);
                findStart = false;
                // As when paging with fromTime: events stamped earlier (by a slow clock) are left out all along.
                foreach (var e in since is { } from ? slice.Events.Where(e => e.Timestamp >= from) : slice.Events)
                {
                    var data = JsonSerializer.Serialize(RecordedEventDto.From(e), json.Value.SerializerOptions);
                    await context.Response.WriteAsync($"id: {e.Position}\ndata: {data}\n\n", cancel);
                }

                request = request with { FromPosition = slice.NextPosition };
                if (slice.Events.Count > 0)
                {
                    await context.Response.Body.FlushAsync(cancel);
                    lastWrite = time.GetUtcNow();
                    continue;
                }

                if (time.GetUtcNow() - lastWrite > KeepAlive)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancel);
                    await context.Response.Body.FlushAsync(cancel);
                    lastWrite = time.GetUtcNow();
                }

                await Task.Delay(IdlePoll, time, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away: the normal end of a live feed.
        }
    }

    private static ReadAllRequest ToRequest(long fromPosition, int limit, string? type, string? correlationId)
    {
        if (fromPosition < 0)
        {
            throw new PlatformValidationException("fromPosition", "A position is 0 or more.");
        }

        if (limit is < 1 or > MaxFeedLimit)
        {
            throw new PlatformValidationException("limit", $"A limit is between 1 and {MaxFeedLimit}.");
        }

        var types = string.IsNullOrWhiteSpace(type)
            ? null
            : type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ReadAllRequest(fromPosition, limit, types, string.IsNullOrWhiteSpace(correlationId) ? null : correlationId);
    }
}
