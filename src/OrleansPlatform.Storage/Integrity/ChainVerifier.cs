using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Integrity;

/// <summary>
/// Re-checks a stream's chain from its stored rows. Rows without a checksum (stored before migration 0017, or with
/// <c>Platform:Integrity:Checksums</c> off) are not chained: before the first checksummed row, where the chain starts,
/// they are counted as unverified; after it, a row without one breaks the chain; a stream whose early rows were
/// removed by retention starts at its first remaining row. From there every row must follow its predecessor by one
/// version, name its predecessor's checksum, and recompute to its own checksum.
/// </summary>
public static class ChainVerifier
{
    private const int PageSize = 500;

    // storedLog must be the log as stored: never the presenting (upcasting, decrypting) log.
    public static async Task<StreamVerification> VerifyAsync(IEventLog storedLog, string streamId, CancellationToken cancellationToken)
    {
        var chain = new Chain();
        for (var from = 1L; ; )
        {
            var page = await storedLog.ReadStreamAsync(streamId, from, PageSize, ReadDirection.Forward, cancellationToken);
            foreach (var e in page)
            {
                if (chain.Check(e) is { } broken)
                {
                    return new StreamVerification(false, chain.Checked, broken.Version, chain.Unverified, broken.Reason);
                }
            }

            if (page.Count < PageSize)
            {
                return new StreamVerification(true, chain.Checked, null, chain.Unverified);
            }

            from = page[^1].Version + 1;
        }
    }

    private sealed class Chain
    {
        private long? _lastVersion;
        private string? _lastChecksum;

        public long Checked { get; private set; }

        public long Unverified { get; private set; }

        /// <summary>Null when <paramref name="e"/> continues the chain, otherwise the version where it breaks and why.</summary>
        public (long Version, string Reason)? Check(RecordedEvent e)
        {
            if (e.Checksum is null)
            {
                // Once chained, a stream's rows carry checksums unless one was cleared (tampering) or the writer ran
                // with checksums off: either way nothing vouches for this row, so the chain breaks here.
                if (_lastVersion is null)
                {
                    Unverified++;
                    return null;
                }

                return (e.Version, StreamVerification.ChecksumMissing);
            }

            if (_lastVersion is { } last)
            {
                if (e.Version != last + 1)
                {
                    return (last + 1, StreamVerification.VersionMissing);
                }

                if (!string.Equals(e.PreviousChecksum, _lastChecksum, StringComparison.Ordinal))
                {
                    return (e.Version, StreamVerification.LinkMismatch);
                }
            }
            else if (e.Version == 1 && e.PreviousChecksum is not null)
            {
                return (e.Version, StreamVerification.LinkMismatch);
            }

            if (!string.Equals(EventChecksum.Compute(e, e.PreviousChecksum), e.Checksum, StringComparison.Ordinal))
            {
                return (e.Version, StreamVerification.ChecksumMismatch);
            }

            _lastVersion = e.Version;
            _lastChecksum = e.Checksum;
            Checked++;
            return null;
        }
    }
}
