using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Integrity;

/// <summary>
/// Checks chains while walking the stored global feed, where streams interleave. It remembers each stream's last
/// checked link in a map of bounded size; a stream it does not remember (first seen, forgotten when the map was full,
/// or seen before a resume) has its link checked against its stored predecessor instead, so the result never depends
/// on memory, only the cost does. The rules are <see cref="ChainVerifier"/>'s.
/// </summary>
public sealed class FeedChainChecker(IEventLog storedLog, int capacity)
{
    private readonly Dictionary<string, (long Version, string Checksum)> _links = new(StringComparer.Ordinal);

    public long StreamsChecked { get; private set; }

    public long EventsChecked { get; private set; }

    /// <summary>Null when <paramref name="e"/> continues its stream's chain, otherwise the version where it breaks.</summary>
    public async Task<long?> CheckAsync(RecordedEvent e, CancellationToken cancellationToken)
    {
        var last = _links.TryGetValue(e.StreamId, out var link) ? link : await PredecessorAsync(e, cancellationToken);
        if (e.Checksum is null)
        {
            // Once chained, a stream never stores an unchecksummed row again: a cleared checksum is tampering.
            return last is null ? null : e.Version;
        }

        if (last is { } l)
        {
            if (e.Version != l.Version + 1)
            {
                return l.Version + 1;
            }

            if (!string.Equals(e.PreviousChecksum, l.Checksum, StringComparison.Ordinal))
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

        if (last is null)
        {
            StreamsChecked++;
        }

        if (_links.Count >= capacity && !_links.ContainsKey(e.StreamId))
        {
            _links.Clear();
        }

        _links[e.StreamId] = (e.Version, e.Checksum);
        EventsChecked++;
        return null;
    }

    /// <summary>Stops remembering a broken stream, so its later rows are checked against what is stored.</summary>
    public void Forget(string streamId) => _links.Remove(streamId);

    // The nearest stored row below e: a gap to it is a removed row; none at all is a start removed by retention
    // (which only ever removes a stream's oldest rows) or a stream's first event.
    private async Task<(long Version, string Checksum)?> PredecessorAsync(RecordedEvent e, CancellationToken cancellationToken)
    {
        if (e.Version <= 1)
        {
            return null;
        }

        var before = await storedLog.ReadStreamAsync(e.StreamId, e.Version - 1, 1, ReadDirection.Backward, cancellationToken);
        return before is [{ Checksum: { } checksum } p] ? (p.Version, checksum) : null;
    }
}
