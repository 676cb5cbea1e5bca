using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Gateway.EventStore;

/// <summary>Body of <c>POST /api/v1/streams/{streamId}/events</c>.</summary>
public sealed record AppendEventsBody(JsonElement? ExpectedVersion, IReadOnlyList<AppendEventBody>? Events);

/// <summary>One event of an append body.</summary>
public sealed record AppendEventBody(
    Guid? EventId,
    string? Type,
    JsonElement? Data,
    JsonElement? Metadata,
    string? CorrelationId,
    string? CausationId,
    int? SchemaVersion = null);

/// <summary>Result of an append.</summary>
public sealed record AppendResponse(string StreamId, long FirstVersion, long LastVersion, long Position, bool Duplicate)
{
    public static AppendResponse From(AppendResult r) => new(r.StreamId, r.FirstVersion, r.LastVersion, r.Position, r.Duplicate);
}

/// <summary>
/// An event as the HTTP API shows it; data and metadata are written as the JSON they were stored as (upcast to the
/// latest schema version unless read raw). <c>redacted</c> appears, as true, only on events whose subject was erased.
/// </summary>
public sealed record RecordedEventDto(
    Guid EventId,
    string StreamId,
    long Version,
    long Position,
    string Type,
    RawJson Data,
    RawJson? Metadata,
    string? CorrelationId,
    string? CausationId,
    DateTimeOffset Timestamp,
    int? SchemaVersion = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Redacted = false,
    string? Checksum = null,
    string? PreviousChecksum = null)
{
    public static RecordedEventDto From(RecordedEvent e) => new(
        e.EventId, e.StreamId, e.Version, e.Position, e.Type, new RawJson(e.Data),
        e.Metadata is null ? null : new RawJson(e.Metadata), e.CorrelationId, e.CausationId, e.Timestamp, e.SchemaVersion, e.Redacted,
        e.Checksum, e.PreviousChecksum);
}

public sealed record StreamEventsResponse(string StreamId, long Version, IReadOnlyList<RecordedEventDto> Events);

public sealed record AllEventsResponse(IReadOnlyList<RecordedEventDto> Events, long NextPosition);

public sealed record StreamStateResponse(string StreamId, long Version, RawJson State);

/// <summary>JSON text that is written into a response as is, without being parsed again.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
