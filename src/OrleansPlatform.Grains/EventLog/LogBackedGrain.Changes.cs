namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// Watching without polling: every commit (and every re-read of the journal) completes the current change signal
/// and arms a new one, so a reader parked in <see cref="WaitForVersionAsync"/> wakes on the turn that moved the
/// journal on. The wait is meant for interleaved (<c>[AlwaysInterleave]</c>) grain methods: it holds no turn.
/// </summary>
public abstract partial class LogBackedGrain<TState>
{
    /// <summary>The longest single wait: well below the cluster's 30 s response timeout.</summary>
    protected static readonly TimeSpan MaxChangeWait = TimeSpan.FromSeconds(20);

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Waits until the journal's version passes <paramref name="knownVersion"/> or <paramref name="timeout"/> (at most
    /// <see cref="MaxChangeWait"/>) is over; true when it has passed.
    /// </summary>
    protected async Task<bool> WaitForVersionAsync(long knownVersion, TimeSpan timeout)
    {
        var deadline = Time.GetUtcNow() + (timeout > MaxChangeWait ? MaxChangeWait : timeout);
        while (Version <= knownVersion)
        {
            var left = deadline - Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await _changed.Task.WaitAsync(left, Time);
            }
            catch (TimeoutException)
            {
                return Version > knownVersion;
            }
        }

        return true;
    }

    private void SignalChange()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
