namespace OrleansPlatform.Grains.Integrity;

/// <summary>Write-side integrity settings, bound from <c>Platform:Integrity</c>.</summary>
public sealed class IntegrityOptions
{
    public const string Section = "Platform:Integrity";

    /// <summary>
    /// Whether journals store each event's SHA-256 checksum chained to its predecessor (<c>Platform:Integrity:Checksums</c>).
    /// Off: events are stored with no checksum, so verification cannot vouch for them (it reports them unverified, or
    /// the stream broken where a chained stream stops carrying checksums); only for measuring what the chain costs.
    /// </summary>
    public bool Checksums { get; set; } = true;
}
