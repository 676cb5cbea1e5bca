using System.Text.Json.Serialization;
using OrleansPlatform.Contracts.Integrity;

namespace OrleansPlatform.Gateway.Integrity;

/// <summary>
/// <c>{"valid":true,"checked":N}</c> or <c>{"valid":false,"brokenAt":version,"reason":"checksum-missing","detail":"..."}</c>;
/// <c>unverified</c> (with a <c>detail</c>) when events before the chain's start have no checksum.
/// </summary>
public sealed record StreamVerificationDto(
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Checked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? BrokenAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Unverified = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null)
{
    // Said in words because a missing checksum is also what a run with Platform:Integrity:Checksums off leaves behind.
    private const string NoChecksum = "stored without a checksum (before checksums existed, or with Platform:Integrity:Checksums off)";

    public static StreamVerificationDto From(StreamVerification v) => v.Valid
        ? new(true, v.Checked, null, v.Unverified > 0 ? v.Unverified : null, null,
            v.Unverified > 0 ? $"{v.Unverified} event(s) before the chain's start were {NoChecksum} and are not verified." : null)
        : new(false, null, v.BrokenAt, null, v.Reason, Describe(v));

    private static string? Describe(StreamVerification v) => v.Reason switch
    {
        StreamVerification.ChecksumMissing => $"Version {v.BrokenAt} has no checksum after a checksummed event: it was {NoChecksum}, or its checksum was cleared.",
        StreamVerification.ChecksumMismatch => $"Version {v.BrokenAt} does not recompute to its stored checksum: the row was changed.",
        StreamVerification.LinkMismatch => $"Version {v.BrokenAt} does not name its predecessor's checksum.",
        StreamVerification.VersionMissing => $"Version {v.BrokenAt} is missing between two chained events.",
        _ => null,
    };
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
