using System.Text.Json.Serialization;
using OrleansPlatform.Contracts.Integrity;

namespace OrleansPlatform.Gateway.Integrity;

/// <summary><c>{"valid":true,"checked":N}</c> or <c>{"valid":false,"brokenAt":version}</c>.</summary>
public sealed record StreamVerificationDto(
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Checked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? BrokenAt)
{
    public static StreamVerificationDto From(StreamVerification v) => v.Valid
        ? new(true, v.Checked, null)
        : new(false, null, v.BrokenAt);
}

/// <summary>A stream the whole-log verification found broken, with its first broken version.</summary>
public sealed record BrokenStreamDto(string StreamId, long BrokenAt);

/// <summary>A whole-log verification job's progress and, once completed, its result.</summary>
public sealed record LogVerificationDto(
    Guid JobId,
    string Status,
    DateTimeOffset StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CompletedAt,
    long EndPosition,
    long Position,
    long StreamsChecked,
    long EventsChecked,
    double EventsPerSecond,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Valid,
    IReadOnlyList<BrokenStreamDto> Broken,
    bool BrokenTruncated)
{
    public static LogVerificationDto From(LogVerificationStatus s) => new(
        s.JobId, s.Status, s.StartedAt, s.CompletedAt, s.EndPosition, s.Position, s.StreamsChecked, s.EventsChecked,
        s.EventsPerSecond, s.Valid, s.Broken.Select(b => new BrokenStreamDto(b.StreamId, b.BrokenAt)).ToList(), s.BrokenTruncated);
}
