using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Integrity;

/// <summary>
/// Re-checks a stream's chain from its stored rows. Rows without a checksum (stored before migration 0017) are not
/// chained and are skipped until the first checksummed row, where the chain starts; a stream whose early rows were
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
                    return new StreamVerification(false, chain.Checked, broken);
                }
            }

            if (page.Count < PageSize)
            {
                return new StreamVerification(true, chain.Checked, null);
            }

            from = page[^1].Version + 1;
        }
    }

    private sealed class Chain
    {
        private long? _lastVersion;
        private string? _lastChecksum;

        public long Checked { get; private set; }

        /// <summary>Null when <paramref name="e"/> continues the chain, otherwise the version where it breaks.</summary>
        public long? Check(RecordedEvent e)
        {
            if (e.Checksum is null)
            {
                // Once chained, a stream never stores an unchecksummed row again: a cleared checksum is tampering.
                return _lastVersion is null ? null : e.Version;
            }

            if (_lastVersion is { } last)
            {
                if (e.Version != last + 1)
                {
                    return last + 1;
                }

                if (!string.Equals(e.PreviousChecksum, _lastChecksum, StringComparison.Ordinal))
                {
                    return e.Version;
                }
            }
            else if (e.Version == 1 && e.PreviousChecksum is not null)
            {
                return e.Version;
            }

            if (!string.Equals(EventChecksum.Compute(e, e.PreviousChecksum), e.Checksum, StringComparison.Ordinal))
            {
                return e.Version;
            }

            _lastVersion = e.Version;
            _lastChecksum = e.Checksum;
            Checked++;
            return null;
        }
    }
}
