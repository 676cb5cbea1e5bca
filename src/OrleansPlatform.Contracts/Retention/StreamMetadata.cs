namespace OrleansPlatform.Contracts.Retention;

/// <summary>
/// A stream's retention settings (as KurrentDB users know them). Reads honour them at once; a background job
/// reclaims the rows later, so whether an event is visible never depends on when that job last ran.
/// </summary>
/// <param name="MaxAge">Events older than this (by their recorded timestamp) are no longer read.</param>
/// <param name="MaxCount">Only the newest this many events of the stream are read.</param>
/// <param name="TruncateBefore">Events with a version below this are no longer read.</param>
[GenerateSerializer, Immutable, Alias("op.ret.StreamMetadata")]
public sealed record StreamMetadata(
    [property: Id(0)] TimeSpan? MaxAge = null,
    [property: Id(1)] long? MaxCount = null,
    [property: Id(2)] long? TruncateBefore = null)
{
    /// <summary>Metadata that retains every event.</summary>
    public static readonly StreamMetadata None = new();

    /// <summary>
    /// The problems with these settings, keyed by the request field they concern (empty when valid), so a gateway
    /// can answer 400 naming the field.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (MaxAge is { } age && age <= TimeSpan.Zero)
        {
            errors["maxAge"] = ["maxAge must be a positive duration."];
        }

        if (MaxCount is < 1)
        {
            errors["maxCount"] = ["maxCount must be 1 or more."];
        }

        if (TruncateBefore is < 0)
        {
            errors["truncateBefore"] = ["truncateBefore must be 0 or more."];
        }

        return errors;
    }

    /// <summary>
    /// The lowest version a read may return for a stream now at <paramref name="lastVersion"/>, from
    /// <see cref="MaxCount"/> and <see cref="TruncateBefore"/> (age is per event, see <see cref="IsRetained"/>).
    /// </summary>
    public long FirstRetainedVersion(long lastVersion)
    {
        var first = 1L;
        if (MaxCount is { } count)
        {
            first = Math.Max(first, lastVersion - count + 1);
        }

        if (TruncateBefore is { } truncate)
        {
            first = Math.Max(first, truncate);
        }

        return first;
    }

    /// <summary>Whether the event at <paramref name="version"/>, recorded at <paramref name="timestamp"/>, is still read.</summary>
    public bool IsRetained(long version, DateTimeOffset timestamp, long lastVersion, DateTimeOffset now) =>
        version >= FirstRetainedVersion(lastVersion) && (MaxAge is not { } age || timestamp >= now - age);
}
