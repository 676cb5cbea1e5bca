using System.Text.Json;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.Bus;

/// <summary>Body of <c>PUT /api/v1/topics/{topic}</c>; omitted fields take the defaults.</summary>
public sealed record PutTopicBody(int? Partitions, TimeSpan? Retention, TimeSpan? DedupWindow, int? MaxEventBytes, RateLimitBody? RateLimit)
{
    public TopicSettings ToSettings() => new(
        Partitions ?? TopicSettings.Default.Partitions,
        Retention ?? TopicSettings.Default.Retention,
        DedupWindow ?? TopicSettings.Default.DedupWindow,
        MaxEventBytes ?? TopicSettings.Default.MaxEventBytes,
        RateLimit is { } limit ? new RateLimitSettings(limit.PermitsPerSecond, limit.Burst ?? (int)Math.Ceiling(limit.PermitsPerSecond)) : null);
}

public sealed record RateLimitBody(double PermitsPerSecond, int? Burst);

public sealed record TopicResponse(
    string Name, int Partitions, TimeSpan Retention, TimeSpan DedupWindow, int MaxEventBytes, RateLimitBody? RateLimit, DateTimeOffset CreatedAt)
{
    public static TopicResponse From(TopicInfo t) => new(
        t.Name, t.Settings.Partitions, t.Settings.Retention, t.Settings.DedupWindow, t.Settings.MaxEventBytes,
        t.Settings.RateLimit is { } l ? new RateLimitBody(l.PermitsPerSecond, l.Burst) : null, t.CreatedAt);
}

/// <summary>One event to publish, or (with <see cref="Events"/>) a batch.</summary>
public sealed record PublishBody(
    Guid? EventId,
    string? Key,
    string? Type,
    JsonElement? Data,
    string? Priority,
    string? CorrelationId,
    Dictionary<string, string>? Headers,
    IReadOnlyList<PublishBody>? Events);

public sealed record PublishResponse(string Topic, int Partition, long Offset, bool Duplicate)
{
    public static PublishResponse From(PublishReceipt r) => new(r.Topic, r.Partition, r.Offset, r.Duplicate);
}

public sealed record TopicMessageDto(
    string Topic, int Partition, long Offset, long Position, Guid EventId, string? Key, string Type, RawJson Data,
    string Priority, string? CorrelationId, IReadOnlyDictionary<string, string>? Headers, DateTimeOffset Timestamp)
{
    public static TopicMessageDto From(TopicMessage m) => new(
        m.Topic, m.Partition, m.Offset, m.Position, m.EventId, m.Key, m.Type, new RawJson(m.Data),
        JsonNamingPolicy.CamelCase.ConvertName(m.Priority.ToString()), m.CorrelationId, m.Headers, m.Timestamp);
}

public sealed record PartitionEventsResponse(IReadOnlyList<TopicMessageDto> Events, long FirstAvailableOffset, long EndOffset);
