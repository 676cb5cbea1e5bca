namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// Collects delivery outcomes until the pump journals them: finished offsets and attempt counts go out together as
/// one <see cref="SubscriptionJournal.Completed"/> entry per round, dead letters one entry each, before it. The
/// checkpoint moves only through these entries, so it never passes an event whose outcome is not journaled.
/// </summary>
internal sealed class OutcomeBatcher
{
    private readonly HashSet<long> _completed = [];
    private readonly List<(PendingDelivery Item, string Error)> _dead = [];
    private int _delivered;
    private int _failed;

    /// <summary>True while no finished offset waits to be journaled (attempt counts alone owe no event).</summary>
    public bool IsEmpty => _completed.Count == 0 && _dead.Count == 0;

    /// <summary>Whether the event at <paramref name="offset"/> is finished and waits to be journaled.</summary>
    public bool Holds(long offset) => _completed.Contains(offset) || _dead.Exists(d => d.Item.Message.Offset == offset);

    /// <summary>Done without a delivery: the filter skips it, or retention purged it.</summary>
    public void Skipped(long offset) => _completed.Add(offset);

    public void Delivered(long offset)
    {
        _completed.Add(offset);
        _delivered++;
    }

    /// <summary>One failed attempt, whatever follows it.</summary>
    public void Failed() => _failed++;

    public void DeadLettered(PendingDelivery item, string error) => _dead.Add((item, error));

    /// <summary>The oldest dead letter not yet journaled.</summary>
    public bool TryPeekDeadLetter(out (PendingDelivery Item, string Error) dead)
    {
        dead = _dead.Count > 0 ? _dead[0] : default;
        return _dead.Count > 0;
    }

    /// <summary>The dead letter <see cref="TryPeekDeadLetter"/> gave is journaled.</summary>
    public void DeadLetterJournaled() => _dead.RemoveAt(0);

    /// <summary>Everything finished since the last call as one journal entry, or null when there is nothing to write.</summary>
    public SubscriptionJournal.Completed? TakeCompleted()
    {
        if (_completed.Count == 0 && _failed == 0)
        {
            return null;
        }

        var entry = new SubscriptionJournal.Completed(_completed.ToList(), _delivered, _failed);
        _completed.Clear();
        (_delivered, _failed) = (0, 0);
        return entry;
    }

    /// <summary>Takes back an entry whose write failed: the journal must eventually hold every finished offset.</summary>
    public void Return(SubscriptionJournal.Completed entry)
    {
        _completed.UnionWith(entry.Offsets);
        (_delivered, _failed) = (_delivered + entry.Delivered, _failed + entry.Failed);
    }

    /// <summary>Forgets finished offsets (a seek delivers them again); attempt counts stay, those attempts did happen.</summary>
    public void ForgetOffsets()
    {
        _completed.Clear();
        _dead.Clear();
    }
}
