using System.Text.Json;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Gateway.Bus;

/// <summary>Turns an HTTP publish body (one event or a batch) into messages.</summary>
internal static class PublishMapper
{
    public static IReadOnlyList<OutgoingMessage> ToMessages(PublishBody body) =>
        body.Events is { } events ? events.Select((e, i) => ToMessage(e, $"events[{i}]")).ToList() : [ToMessage(body, "event")];

    private static OutgoingMessage ToMessage(PublishBody e, string field) => new(
        EventId: e.EventId ?? Guid.CreateVersion7(),
        Key: e.Key,
        Type: e.Type ?? "",
        Data: e.Data is { ValueKind: not JsonValueKind.Undefined } data ? data.GetRawText() : "",
        Priority: ParsePriority(e.Priority, field),
        CorrelationId: e.CorrelationId,
        Headers: e.Headers);

    private static MessagePriority ParsePriority(string? priority, string field) => priority switch
    {
        "low" => MessagePriority.Low,
        null or "normal" => MessagePriority.Normal,
        "high" => MessagePriority.High,
        "critical" => MessagePriority.Critical,
        _ => throw new PlatformValidationException($"{field}.priority", "Use low, normal, high or critical."),
    };
}
