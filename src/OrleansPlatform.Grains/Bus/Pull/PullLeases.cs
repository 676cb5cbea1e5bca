namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// What a pull subscription partition has handed out, and until when. A partition hands out one batch at a time
/// (like a partition assigned to one consumer): until the batch is acknowledged or its lease runs out, later pulls get
/// nothing new from it. An acknowledgement is cumulative, so handing out later events meanwhile would let a consumer
/// acknowledge past a batch another (or a crashed) consumer still holds. Only progress renews the lease; polling does
/// not. Redriven events lie below the checkpoint, where a cumulative ack cannot reach them: each is leased on its own,
/// once per lease, and belongs to the batch (numbered per pull) it went out with. Nothing here is durable: after a
/// restart everything not acknowledged is handed out again.
/// </summary>
/// <param name="time">The clock leases run on.</param>
internal sealed class PullLeases(TimeProvider time)
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    // The new events handed out and not yet acknowledged (what an ack counts as delivered, not the events the
    // filter skipped).
    private readonly SortedSet<long> _handedOut = [];
    private readonly Dictionary<long, RedriveLease> _redriveLeases = [];
    private readonly Dictionary<long, int> _attempts = [];
    private DateTimeOffset _leaseUntil;
    private long _batches;

    /// <summary>The next offset to hand out; everything from the checkpoint up to it is out with a consumer or done.</summary>
    public long Cursor { get; private set; } = -1;

    /// <summary>
    /// Starts a pull: an expired batch (or a cursor behind the checkpoint) is handed out again from the checkpoint,
    /// and redriven events whose lease is free are chosen.
    /// </summary>
    public PullTicket Open(long checkpoint, IEnumerable<long> redrive, int max)
    {
        var now = time.GetUtcNow();
        var outstanding = HoldsBatch(checkpoint);
        if (Cursor < checkpoint || (outstanding && now > _leaseUntil))
        {
            // Nothing acknowledged within the lease: hand the unacknowledged events out again (at-least-once).
            Cursor = checkpoint;
            _handedOut.Clear();
            outstanding = false;
        }

        var redriven = redrive.Where(o => !_redriveLeases.TryGetValue(o, out var lease) || now > lease.Until).Take(max).ToList();
        return new PullTicket(++_batches, now, !outstanding, Cursor, redriven);
    }

    /// <summary>Records what a pull handed out: new events up to <paramref name="cursor"/>, and the ticket's redriven ones.</summary>
    /// <param name="ticket">What <see cref="Open"/> returned.</param>
    /// <param name="cursor">Where reading stopped.</param>
    /// <param name="newOffsets">The new events handed out, in offset order (not those the filter skipped).</param>
    public void Close(PullTicket ticket, long cursor, IReadOnlyList<long> newOffsets)
    {
        Cursor = cursor;
        var lastNew = newOffsets.Count > 0 ? newOffsets[^1] : -1;
        if (lastNew >= 0)
        {
            _leaseUntil = ticket.At + Lease;
            _handedOut.UnionWith(newOffsets);
        }

        foreach (var offset in ticket.Redriven)
        {
            _redriveLeases[offset] = new RedriveLease(ticket.Batch, lastNew, ticket.At + Lease);
        }
    }

    /// <summary>A batch is out with a consumer while some event it handed out lies at or above the checkpoint.</summary>
    public bool HoldsBatch(long checkpoint) => _handedOut.Count > 0 && _handedOut.Max >= checkpoint;

    /// <summary>
    /// Whether an ack of <paramref name="offset"/> can be meant for what is out now. Past the cursor it was either never
    /// published or handed out before the cursor last moved back (a seek, an expired lease, a restart): an old batch's
    /// ack must not undo that.
    /// </summary>
    public bool MayAcknowledge(long offset) => offset < Cursor;

    /// <summary>Whether a nack or give-up names an event this partition handed out (and has not seen finished).</summary>
    public bool IsOut(long offset, long checkpoint, bool redriven) =>
        redriven ? _redriveLeases.ContainsKey(offset) : offset >= checkpoint && offset < Cursor;

    /// <summary>
    /// What acknowledging <paramref name="offset"/> (handed out, at or above the checkpoint) finishes: everything up
    /// to <c>UpTo</c> (when the whole batch is acknowledged, also the skipped events read past it), of which
    /// <c>Delivered</c> were handed out.
    /// </summary>
    public (long UpTo, int Delivered) PlanAck(long offset, long checkpoint)
    {
        var upTo = HoldsBatch(checkpoint) && offset >= _handedOut.Max ? Math.Max(offset, Cursor - 1) : offset;
        return (upTo, _handedOut.GetViewBetween(checkpoint, offset).Count);
    }

    /// <summary>The acknowledgement up to <paramref name="upTo"/> is journaled: progress, so the lease is renewed.</summary>
    public void Acknowledged(long upTo)
    {
        _handedOut.RemoveWhere(o => o <= upTo);
        _attempts.Keys.Where(o => o <= upTo).ToList().ForEach(o => _attempts.Remove(o));
        _leaseUntil = time.GetUtcNow() + Lease;
    }

    /// <summary>
    /// Takes the leases of the redriven events an ack of redriven <paramref name="offset"/> finishes: those of its batch
    /// up to it. Null when it is not out with a consumer.
    /// </summary>
    public IReadOnlyList<long>? TakeRedrivenBatch(long offset) =>
        _redriveLeases.TryGetValue(offset, out var lease)
            ? Take(_redriveLeases.Where(l => l.Value.Batch == lease.Batch && l.Key <= offset))
            : null;

    /// <summary>Takes the leases of redriven events that went out with new events now acknowledged up to <paramref name="offset"/>.</summary>
    public IReadOnlyList<long> TakeRedrivenWith(long offset) =>
        Take(_redriveLeases.Where(l => l.Value.LastNew >= 0 && l.Value.LastNew <= offset));

    /// <summary>Counts a failed attempt of a handed-out event; returns how many there were.</summary>
    public int Failed(long offset) => _attempts[offset] = _attempts.GetValueOrDefault(offset) + 1;

    /// <summary>The event is dead-lettered: its attempts start again if it is ever redriven.</summary>
    public void ForgetAttempts(long offset) => _attempts.Remove(offset);

    /// <summary>The consumer gave up on the event (it is dead-lettered): its lease ends.</summary>
    public void GaveUp(long offset)
    {
        _attempts.Remove(offset);
        _redriveLeases.Remove(offset);
    }

    /// <summary>
    /// A nack: a redriven event is handed out again by the next pull; in the batch held, the consumer stopped at this
    /// event, so it (unless dead-lettered) and everything after it go out again. Other consumers' batches are left alone.
    /// </summary>
    public void Nacked(long offset, bool deadLettered, long checkpoint)
    {
        if (_redriveLeases.Remove(offset))
        {
            return;
        }

        if (HoldsBatch(checkpoint) && offset >= checkpoint && offset <= _handedOut.Max)
        {
            Cursor = Math.Min(Cursor, deadLettered ? offset + 1 : offset);
            _handedOut.RemoveWhere(o => o >= offset);
        }
    }

    /// <summary>A seek: nothing handed out counts any more; the next pull starts at <paramref name="checkpoint"/>.</summary>
    public void Reset(long checkpoint)
    {
        Cursor = checkpoint;
        _redriveLeases.Clear();
        _handedOut.Clear();
    }

    private List<long> Take(IEnumerable<KeyValuePair<long, RedriveLease>> leases)
    {
        var offsets = leases.Select(l => l.Key).ToList();
        offsets.ForEach(o => _redriveLeases.Remove(o));
        return offsets;
    }

    /// <summary>A redriven event out with a consumer: the pull it went out with, that pull's last new event (-1: none), until when.</summary>
    private readonly record struct RedriveLease(long Batch, long LastNew, DateTimeOffset Until);
}

/// <summary>One pull under way: its batch number, its time, whether it may hand out new events, from where, and the redriven events it hands out.</summary>
internal sealed record PullTicket(long Batch, DateTimeOffset At, bool MayHandOutNew, long Cursor, IReadOnlyList<long> Redriven);
