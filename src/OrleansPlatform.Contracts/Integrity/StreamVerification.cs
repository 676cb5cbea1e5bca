namespace OrleansPlatform.Contracts.Integrity;

/// <summary>The result of re-checking one stream's checksum chain against its stored rows.</summary>
/// <param name="Valid">True when every checksummed event's checksum and chain link recompute from its stored row.</param>
/// <param name="Checked">How many checksummed events were checked (events stored without a checksum are not counted).</param>
/// <param name="BrokenAt">The first version whose row, chain link or predecessor does not match; null when valid.</param>
/// <param name="Unverified">
/// Events before the chain's start stored without a checksum (before checksums existed, or with
/// <c>Platform:Integrity:Checksums</c> off): nothing vouches for them.
/// </param>
/// <param name="Reason">Why the chain breaks at <paramref name="BrokenAt"/>: one of the constants below; null when valid.</param>
[GenerateSerializer, Immutable, Alias("op.integrity.StreamVerification")]
public sealed record StreamVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] long Checked,
    [property: Id(2)] long? BrokenAt,
    [property: Id(3)] long Unverified = 0,
    [property: Id(4)] string? Reason = null)
{
    /// <summary>The row has no checksum after a checksummed one: cleared, or stored with <c>Platform:Integrity:Checksums</c> off.</summary>
    public const string ChecksumMissing = "checksum-missing";

    /// <summary>The row does not recompute to its stored checksum: it was changed.</summary>
    public const string ChecksumMismatch = "checksum-mismatch";

    /// <summary>The row's previous checksum is not its predecessor's checksum.</summary>
    public const string LinkMismatch = "link-mismatch";

    /// <summary>A version is missing between two chained rows.</summary>
    public const string VersionMissing = "version-missing";
}

/// <summary>Re-checks streams' checksum chains (issue 13); stateless, any silo serves it.</summary>
[Alias("op.integrity.IIntegrityGrain")]
public interface IIntegrityGrain : IGrainWithIntegerKey
{
    /// <summary>Re-reads the stream's stored rows (raw: not upcast, not decrypted) and recomputes its chain.</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    [Alias("VerifyStream")]
    Task<StreamVerification> VerifyStreamAsync(string streamId);
}
