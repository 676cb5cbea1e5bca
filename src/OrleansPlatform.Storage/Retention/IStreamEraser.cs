namespace OrleansPlatform.Storage.Retention;

/// <summary>
/// Removes a stream's event rows for retention and deletion. Removed rows leave their global positions unused, so feed
/// readers page past them; each statement removes a bounded batch, so no long transaction holds back the feed.
/// </summary>
public interface IStreamEraser
{
    /// <summary>
    /// Removes up to <paramref name="maxRows"/> of the stream's events below <paramref name="beforeVersion"/>, oldest
    /// first, and never its last event (which keeps the stream's version). Returns how many were removed.
    /// </summary>
    Task<long> DeleteBeforeAsync(string streamId, long beforeVersion, int maxRows, CancellationToken cancellationToken);

    /// <summary>Removes every event of the stream (a hard delete). Returns how many were removed.</summary>
    Task<long> DeleteAllAsync(string streamId, CancellationToken cancellationToken);
}
