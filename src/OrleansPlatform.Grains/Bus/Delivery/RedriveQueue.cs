using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// Dead letters a user redrove, delivered again one at a time in offset order (they lie below the checkpoint, apart
/// from their keys' queues). The journal lists an offset for redrive until its new outcome is journaled; this queue
/// remembers which of them it has loaded, so none is sent twice.
/// </summary>
internal sealed class RedriveQueue
{
    private readonly Queue<PendingDelivery> _queue = new();
    private readonly HashSet<long> _loaded = [];
    private bool _inFlight;

    public int Count => _queue.Count;

    /// <summary>The offsets the journal lists for redrive that are not loaded yet; forgets those it no longer lists.</summary>
    public IReadOnlyList<long> ToLoad(IReadOnlySet<long> journalRedrive)
    {
        _loaded.RemoveWhere(o => !journalRedrive.Contains(o));
        return journalRedrive.Where(o => !_loaded.Contains(o)).ToList();
    }

    /// <summary>Records what reading <paramref name="offset"/> found: its event, or null when retention purged it.</summary>
    /// <returns>False when there is nothing left to deliver.</returns>
    public bool Loaded(long offset, TopicMessage? message)
    {
        _loaded.Add(offset);
        if (message is null)
        {
            return false;
        }

        _queue.Enqueue(new PendingDelivery(message));
        return true;
    }

    /// <summary>The head, when none is in flight and its retry time has come; it is then in flight.</summary>
    public bool TryTakeReady(DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PendingDelivery? pending)
    {
        if (!_inFlight && _queue.TryPeek(out pending) && pending.NextAttemptAt <= now)
        {
            _inFlight = true;
            return true;
        }

        pending = null;
        return false;
    }

    /// <summary>The head's outcome is final (delivered or dead-lettered again): the next one may go.</summary>
    public void Remove()
    {
        _queue.Dequeue();
        _inFlight = false;
    }

    /// <summary>The head failed and waits for its retry.</summary>
    public void Release() => _inFlight = false;

    public void Clear()
    {
        _queue.Clear();
        _loaded.Clear();
        _inFlight = false;
    }
}
