using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Gateway.Bus;

/// <summary>Body of <c>PUT /api/v1/subscriptions/{name}</c>.</summary>
public sealed record SubscriptionBody(
    string? Topic,
    FilterBody? Filter,
    DeliveryBody? Delivery,
    JsonElement? StartFrom,
    int? MaxAttempts,
    BackoffBody? Backoff,
    int? MaxInFlight,
    SourceBody? Source)
{
    public SubscriptionSettings ToSettings() => new(
        Topic ?? (Source is null ? throw new PlatformValidationException("topic", "A topic (or an event store source) is required.") : ""),
        Filter?.Types ?? [],
        Delivery?.ToSettings() ?? throw new PlatformValidationException("delivery", "A delivery ({\"type\":\"webhook\",\"url\":...} or {\"type\":\"pull\"}) is required."),
        StartPositions.Parse(StartFrom, "startFrom"),
        MaxAttempts ?? 5,
        Backoff?.ToSettings() ?? BackoffSettings.Default,
        MaxInFlight ?? 16,
        Source?.ToSource());
}

/// <summary><c>{"type":"eventStore","streamPrefix":"order-","partitions":4}</c>: subscribe to the event store's feed.</summary>
public sealed record SourceBody(string? Type, string? StreamPrefix, int? Partitions)
{
    public EventStoreSource ToSource() => Type == "eventStore"
        ? new EventStoreSource(StreamPrefix ?? "", Partitions ?? 4)
        : throw new PlatformValidationException("source.type", "The only source besides a topic is \"eventStore\".");
}

public sealed record FilterBody(IReadOnlyList<string>? Types);

public sealed record DeliveryBody(string? Type, string? Url, string? Secret, TimeSpan? Timeout)
{
    public DeliverySettings ToSettings() => Type switch
    {
        "webhook" => new DeliverySettings(DeliveryKind.Webhook, Url, Secret, Timeout),
        "pull" => new DeliverySettings(DeliveryKind.Pull),
        _ => throw new PlatformValidationException("delivery.type", "Use \"webhook\" or \"pull\"."),
    };
}

public sealed record BackoffBody(TimeSpan? Initial, double? Multiplier, TimeSpan? Max)
{
    public BackoffSettings ToSettings() => new(
        Initial ?? BackoffSettings.Default.Initial,
        Multiplier ?? BackoffSettings.Default.Multiplier,
        Max ?? BackoffSettings.Default.Max);
}

/// <summary>Both fields are required: a missing one must not silently mean partition 0 or offset 0.</summary>
public sealed record AckBody(int? Partition, long? Offset)
{
    public (int Partition, long Offset) Required() => RequirePosition(Partition, Offset);

    internal static (int Partition, long Offset) RequirePosition(int? partition, long? offset) => (
        partition ?? throw new PlatformValidationException("partition", "Required."),
        offset switch
        {
            null => throw new PlatformValidationException("offset", "Required."),
            < 0 => throw new PlatformValidationException("offset", "Offsets start at 0."),
            { } value => value,
        });
}

public sealed record NackBody(int? Partition, long? Offset, string? Error)
{
    public (int Partition, long Offset) Required() => AckBody.RequirePosition(Partition, Offset);
}

public sealed record RedriveBody(IReadOnlyList<string>? Ids);

public sealed record SeekBody(JsonElement? Offset, DateTimeOffset? Time);

public sealed record PullResponse(IReadOnlyList<TopicMessageDto> Events);

public sealed record DeadLettersResponse(IReadOnlyList<DeadLetter> DeadLetters);

public sealed record RedriveResponse(int Redriven);

/// <summary>A subscription's status as the HTTP API shows it.</summary>
public sealed record SubscriptionResponse(
    string Name,
    string Topic,
    IReadOnlyList<string> Types,
    string Delivery,
    string? Url,
    int MaxAttempts,
    int MaxInFlight,
    BackoffSettings Backoff,
    IReadOnlyList<PartitionProgress> Partitions,
    long Lag,
    long Delivered,
    long Failed,
    long DeadLettered,
    int DeadLetterCount,
    TimeSpan? OldestDeadLetterAge,
    IReadOnlyDictionary<string, long> Checkpoints)
{
    public static SubscriptionResponse From(SubscriptionStatus s, DateTimeOffset now) => new(
        s.Name, s.Settings.Topic, s.Settings.Types, s.Settings.Delivery.Kind == DeliveryKind.Webhook ? "webhook" : "pull",
        s.Settings.Delivery.Url, s.Settings.MaxAttempts, s.Settings.MaxInFlight, s.Settings.Backoff, s.Partitions,
        s.Partitions.Sum(p => p.Lag), s.Delivered, s.Failed, s.DeadLettered, s.DeadLetterCount,
        s.OldestDeadLetterAt is { } oldest ? now - oldest : null,
        // api.md's "checkpoints": partition -> next offset to deliver, the same offset-map shape seek and startFrom take.
        s.Partitions.ToDictionary(p => p.Partition.ToString(CultureInfo.InvariantCulture), p => p.Checkpoint));
}

/// <summary>Parses <c>earliest</c>, <c>latest</c>, an offset map <c>{"0":5}</c> or an RFC 3339 time.</summary>
internal static class StartPositions
{
    public static StartPosition Parse(JsonElement? value, string field)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return StartPosition.Latest;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            return new StartPosition(StartKind.Offsets, ParseOffsets(element, field));
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return text switch
        {
            "earliest" => StartPosition.Earliest,
            "latest" => StartPosition.Latest,
            _ when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => new StartPosition(StartKind.Time, Time: time),
            _ => throw new PlatformValidationException(field, "Use \"earliest\", \"latest\", an offset map such as {\"0\":5} or an RFC 3339 time."),
        };
    }

    public static Dictionary<int, long> ParseOffsets(JsonElement element, string field)
    {
        var offsets = new Dictionary<int, long>();
        foreach (var property in element.EnumerateObject())
        {
            if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var offset) || offset < 0)
            {
                throw new PlatformValidationException(field, "An offset map has partition numbers as keys and offsets (0 or more) as values.");
            }

            offsets[partition] = offset;
        }

        return offsets;
    }
}
