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
