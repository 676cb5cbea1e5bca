using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Bus;

/// <summary><c>/api/v1/subscriptions</c>: consumer groups, pull/ack, dead letters and replay.</summary>
public static class SubscriptionEndpoints
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PullPoll = TimeSpan.FromMilliseconds(100);

    // Who may call what in this group; consuming (pull, ack, seek, dead letters) needs writer.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["PutSubscription"] = PlatformRoles.Admin,
        ["GetSubscription"] = PlatformRoles.Reader,
        ["Pull"] = PlatformRoles.Writer,
        ["Ack"] = PlatformRoles.Writer,
        ["Nack"] = PlatformRoles.Writer,
        ["ListDeadLetters"] = PlatformRoles.Reader,
        ["RedriveDeadLetters"] = PlatformRoles.Writer,
        ["DeleteDeadLetter"] = PlatformRoles.Writer,
        ["Seek"] = PlatformRoles.Writer,
    };

    public static RouteGroupBuilder MapSubscriptionEndpoints(this RouteGroupBuilder api)
    {
        var subs = api.MapGroup("/subscriptions").WithTags("Event bus").RequireRoles(Roles);
        subs.MapPut("/{name}", PutAsync).WithName("PutSubscription");
        subs.MapGet("/{name}", GetAsync).WithName("GetSubscription");
        subs.MapPost("/{name}/pull", PullAsync).WithName("Pull");
        subs.MapPost("/{name}/ack", AckAsync).WithName("Ack");
        subs.MapPost("/{name}/nack", NackAsync).WithName("Nack");
        subs.MapGet("/{name}/dead-letters", DeadLettersAsync).WithName("ListDeadLetters");
        subs.MapPost("/{name}/dead-letters/redrive", RedriveAsync).WithName("RedriveDeadLetters");
        subs.MapDelete("/{name}/dead-letters/{id}", DeleteDeadLetterAsync).WithName("DeleteDeadLetter");
        subs.MapPost("/{name}/seek", SeekAsync).WithName("Seek");
        return subs;
    }

    public static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>>> PutAsync(
        string name, SubscriptionBody? body, IGrainFactory grains, TimeProvider time)
    {
        TopicEndpoints.EnsureName(name);
        var settings = (body ?? throw new PlatformValidationException("body", "A JSON body is required.")).ToSettings();
        var grain = grains.GetGrain<ISubscriptionGrain>(name);
        var created = await grain.PutAsync(settings);
        var response = SubscriptionResponse.From(await grain.GetStatusAsync(), time.GetUtcNow());
        return created ? TypedResults.Created($"/api/v1/subscriptions/{name}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<SubscriptionResponse>> GetAsync(string name, IGrainFactory grains, TimeProvider time)
    {
        TopicEndpoints.EnsureName(name);
        return TypedResults.Ok(SubscriptionResponse.From(await grains.GetGrain<ISubscriptionGrain>(name).GetStatusAsync(), time.GetUtcNow()));
    }

    /// <summary>Long-polls: returns as soon as events are available, or empty after <paramref name="wait"/>.</summary>
    public static async Task<Ok<PullResponse>> PullAsync(string name, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken, int max = 100, string? wait = null)
    {
        TopicEndpoints.EnsureName(name);
        if (max is < 1 or > 1_000)
        {
            throw new PlatformValidationException("max", "Between 1 and 1000.");
        }

        var deadline = time.GetUtcNow() + ParseWait(wait);
        var grain = grains.GetGrain<ISubscriptionGrain>(name);
        while (true)
        {
            var events = await grain.PullAsync(max);
            if (events.Count > 0 || time.GetUtcNow() >= deadline)
            {
                return TypedResults.Ok(new PullResponse(events.Select(TopicMessageDto.From).ToList()));
            }

            await Task.Delay(PullPoll, time, cancellationToken);
        }
    }

    public static async Task<NoContent> AckAsync(string name, AckBody body, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        var (partition, offset) = body.Required();
        await grains.GetGrain<ISubscriptionGrain>(name).AckAsync(partition, offset);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> NackAsync(string name, NackBody body, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        var (partition, offset) = body.Required();
        await grains.GetGrain<ISubscriptionGrain>(name).NackAsync(partition, offset, body.Error ?? "rejected by the consumer");
        return TypedResults.NoContent();
    }

    public static async Task<Ok<DeadLettersResponse>> DeadLettersAsync(string name, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        return TypedResults.Ok(new DeadLettersResponse(await grains.GetGrain<ISubscriptionGrain>(name).GetDeadLettersAsync()));
    }

    public static async Task<Ok<RedriveResponse>> RedriveAsync(string name, RedriveBody? body, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        return TypedResults.Ok(new RedriveResponse(await grains.GetGrain<ISubscriptionGrain>(name).RedriveAsync(body?.Ids)));
    }

    public static async Task<NoContent> DeleteDeadLetterAsync(string name, string id, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        return await grains.GetGrain<ISubscriptionGrain>(name).DeleteDeadLetterAsync(id)
            ? TypedResults.NoContent()
            : throw new ResourceNotFoundException("dead letter", id);
    }

    public static async Task<NoContent> SeekAsync(string name, SeekBody body, IGrainFactory grains)
    {
        TopicEndpoints.EnsureName(name);
        var position = body switch
        {
            { Offset: { ValueKind: System.Text.Json.JsonValueKind.Object } offsets } => new StartPosition(StartKind.Offsets, StartPositions.ParseOffsets(offsets, "offset")),
            { Offset: { ValueKind: System.Text.Json.JsonValueKind.String } } => StartPositions.Parse(body.Offset, "offset"),
            { Time: { } at } => new StartPosition(StartKind.Time, Time: at),
            _ => throw new PlatformValidationException("offset", "Give an offset map ({\"offset\":{\"0\":5}}), \"earliest\"/\"latest\", or a time ({\"time\":\"...\"})."),
        };
        await grains.GetGrain<ISubscriptionGrain>(name).SeekAsync(position);
        return TypedResults.NoContent();
    }

    internal static TimeSpan ParseWait(string? wait)
    {
        if (string.IsNullOrWhiteSpace(wait))
        {
            return TimeSpan.Zero;
        }

        TimeSpan? parsed = wait.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(wait[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms)
            : wait.EndsWith('s') && double.TryParse(wait[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s)
            : TimeSpan.TryParse(wait, CultureInfo.InvariantCulture, out var span) ? span
            : null;
        return parsed is { } value && value >= TimeSpan.Zero && value <= MaxWait
            ? value
            : throw new PlatformValidationException("wait", "A wait such as 5s, 500ms or 00:00:05, at most 30 s.");
    }
}
