namespace OrleansPlatform.Contracts.Integrity;

/// <summary>The result of re-checking one stream's checksum chain against its stored rows.</summary>
/// <param name="Valid">True when every checksummed event's checksum and chain link recompute from its stored row.</param>
/// <param name="Checked">How many checksummed events were checked (events stored before checksums existed are not counted).</param>
/// <param name="BrokenAt">The first version whose row, chain link or predecessor does not match; null when valid.</param>
[GenerateSerializer, Immutable, Alias("op.integrity.StreamVerification")]
public sealed record StreamVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] long Checked,
    [property: Id(2)] long? BrokenAt);

/// <summary>Re-checks streams' checksum chains (issue 13); stateless, any silo serves it.</summary>
[Alias("op.integrity.IIntegrityGrain")]
public interface IIntegrityGrain : IGrainWithIntegerKey
{
    /// <summary>Re-reads the stream's stored rows (raw: not upcast, not decrypted) and recomputes its chain.</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    [Alias("VerifyStream")]
    Task<StreamVerification> VerifyStreamAsync(string streamId);
}
