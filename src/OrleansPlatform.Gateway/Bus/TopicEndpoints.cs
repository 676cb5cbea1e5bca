using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Publishing;

namespace OrleansPlatform.Gateway.Bus;

/// <summary><c>/api/v1/topics</c>: define topics, publish to them, read their partitions.</summary>
public static class TopicEndpoints
{
    public const int MaxReadLimit = 1_000;

    // Who may call what in this group; defining a topic is an operator's (admin) job.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["PutTopic"] = PlatformRoles.Admin,
        ["GetTopic"] = PlatformRoles.Reader,
        ["Publish"] = PlatformRoles.Writer,
        ["ReadTopicPartition"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapTopicEndpoints(this RouteGroupBuilder api)
    {
        var topics = api.MapGroup("/topics").WithTags("Event bus").RequireRoles(Roles);
        topics.MapPut("/{topic}", PutAsync).WithName("PutTopic");
        topics.MapGet("/{topic}", GetAsync).WithName("GetTopic");
        topics.MapPost("/{topic}/events", PublishAsync).WithName("Publish");
        topics.MapGet("/{topic}/events", ReadAsync).WithName("ReadTopicPartition");
        return topics;
    }

    public static async Task<Results<Created<TopicResponse>, Ok<TopicResponse>>> PutAsync(string topic, PutTopicBody? body, IGrainFactory grains)
    {
        EnsureName(topic);
        TopicNames.EnsureNotReserved(topic);
        var grain = grains.GetGrain<ITopicGrain>(topic);
        var created = await grain.PutAsync((body ?? new PutTopicBody(null, null, null, null, null)).ToSettings());
        var response = TopicResponse.From((await grain.GetAsync())!);
        return created ? TypedResults.Created($"/api/v1/topics/{topic}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<TopicResponse>> GetAsync(string topic, IGrainFactory grains)
    {
        EnsureName(topic);
        var info = await grains.GetGrain<ITopicGrain>(topic).GetAsync() ?? throw new ResourceNotFoundException("topic", topic);
        return TypedResults.Ok(TopicResponse.From(info));
    }

    public static async Task<IResult> PublishAsync(string topic, PublishBody? body, IGrainFactory grains)
    {
        EnsureName(topic);
        TopicNames.EnsureNotReserved(topic);
        if (body is null)
        {
            throw new PlatformValidationException("body", "A JSON body with an event or an events list is required.");
        }

        var batch = body.Events is not null;
        var messages = PublishMapper.ToMessages(body);
        IReadOnlyList<PublishReceipt> receipts;
        try
        {
            receipts = await TopicPublisher.PublishAsync(grains, topic, messages);
        }
        catch (PlatformValidationException invalid) when (!batch)
        {
            throw EventPointers.AsSingleEvent(invalid);
        }

        if (batch)
        {
            return TypedResults.Accepted($"/api/v1/topics/{topic}/events", receipts.Select(PublishResponse.From).ToList());
        }

        var receipt = PublishResponse.From(receipts[0]);
        return receipt.Duplicate ? TypedResults.Ok(receipt) : TypedResults.Accepted($"/api/v1/topics/{topic}/events?partition={receipt.Partition}&fromOffset={receipt.Offset}", receipt);
    }

    public static async Task<Ok<PartitionEventsResponse>> ReadAsync(string topic, IGrainFactory grains, int partition = 0, long fromOffset = 0, int limit = 100)
    {
        EnsureName(topic);
        var info = await grains.GetGrain<ITopicGrain>(topic).GetAsync() ?? throw new ResourceNotFoundException("topic", topic);
        if (partition < 0 || partition >= info.Settings.Partitions)
        {
            throw new PlatformValidationException("partition", $"Topic '{topic}' has partitions 0 to {info.Settings.Partitions - 1}.");
        }

        if (fromOffset < 0 || limit is < 1 or > MaxReadLimit)
        {
            throw new PlatformValidationException("fromOffset", $"fromOffset is 0 or more and limit between 1 and {MaxReadLimit}.");
        }

        var slice = await grains.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(topic, partition)).ReadAsync(fromOffset, limit);
        return TypedResults.Ok(new PartitionEventsResponse(slice.Events.Select(TopicMessageDto.From).ToList(), slice.FirstAvailableOffset, slice.EndOffset));
    }

    internal static void EnsureName(string name)
    {
        if (BusRules.NameError(name) is { } error)
        {
            throw new PlatformValidationException("name", error);
        }
    }
}
