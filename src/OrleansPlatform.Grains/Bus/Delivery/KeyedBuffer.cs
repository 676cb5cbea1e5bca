using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// The events a subscription partition has read ahead for webhook delivery, queued per key so each key keeps its order.
/// At most <see cref="MaxBuffered"/> in all and <see cref="MaxBufferedPerKey"/> per key, so a slow webhook never makes
/// the silo buffer without bound. A key's events beyond its share are left in the log (reading goes on for the other
/// keys) and read again once the key drains, so one hot key cannot fill the buffer and stall the others.
/// </summary>
internal sealed class KeyedBuffer
{
    public const int MaxBuffered = 1_000;
    public const int MaxBufferedPerKey = 100;

    /// <summary>
    /// How far reading may run ahead of the checkpoint while a key is parked: it bounds the offsets finished out of
    /// order that the journal keeps, and how much a re-read scans. Beyond it, every key waits for the parked one.
    /// </summary>
    public const int MaxAheadOfCheckpoint = 50_000;
    private const int ReadPage = 250;

    private readonly Dictionary<string, Queue<PendingDelivery>> _keys = [];
    private readonly HashSet<long> _offsets = [];
    private readonly HashSet<string> _overflowedKeys = [];
    private readonly HashSet<string> _rereadKeys = [];
    private long _readCursor = -1;
    private long? _rereadFrom;
    private long _scannedUpTo;

    /// <summary>The next offset to read from the log.</summary>
    public long ReadCursor => _readCursor;

    public int Count => _offsets.Count;

    /// <summary>The head event of every key: the only ones that may be sent.</summary>
    public IEnumerable<PendingDelivery> Heads => _keys.Values.Select(q => q.Peek());

    /// <summary>Keys whose head has failed at least once and so holds the rest of the key back, most attempts first.</summary>
    public IReadOnlyList<ParkedKey> Parked(int max) =>
        _keys.Where(k => k.Value.Peek().Attempts > 0)
            .Select(k => (Head: k.Value.Peek(), Key: k.Key, Waiting: k.Value.Count - 1))
            .OrderByDescending(k => k.Head.Attempts).ThenBy(k => k.Head.Message.Offset)
            .Take(max)
            .Select(k => new ParkedKey(k.Key, k.Head.Message.Offset, k.Head.Attempts, k.Head.NextAttemptAt, k.Waiting))
            .ToList();

    public static string KeyOf(TopicMessage message) => message.Key ?? "#" + message.Offset;

    public bool Holds(long offset) => _offsets.Contains(offset);

    /// <summary>Reading starts at the checkpoint the first time; a later start keeps what is buffered.</summary>
    public void Start(long checkpoint)
    {
        if (_readCursor < 0)
        {
            _readCursor = checkpoint;
        }
    }

    /// <summary>Forgets everything buffered and reads from <paramref name="checkpoint"/> (a seek).</summary>
    public void Reset(long checkpoint)
    {
        _keys.Clear();
        _offsets.Clear();
        _overflowedKeys.Clear();
        _rereadKeys.Clear();
        (_rereadFrom, _scannedUpTo, _readCursor) = (null, 0, checkpoint);
    }

    /// <summary>How many events the next read may ask for: 0 when the buffer is full or reading is too far ahead.</summary>
    public int RoomToRead(long checkpoint) =>
        _offsets.Count < MaxBuffered && _readCursor - checkpoint < MaxAheadOfCheckpoint ? Math.Min(ReadPage, MaxBuffered - _offsets.Count) : 0;

    /// <summary>Reading moved past <paramref name="offset"/>, whether or not its event is buffered.</summary>
    public void ReadPast(long offset) => _readCursor = offset + 1;

    public void Add(TopicMessage message)
    {
        var key = KeyOf(message);
        _keys.TryGetValue(key, out var queue);
        // Once one of a key's events is left in the log, all its later ones must be too, or they would overtake it
        // (even if the key drained meanwhile: a key never keeps an empty queue, and every queue's head may be sent).
        if (_overflowedKeys.Contains(key) || queue?.Count >= MaxBufferedPerKey)
        {
            _overflowedKeys.Add(key);
            _rereadFrom = Math.Min(_rereadFrom ?? long.MaxValue, message.Offset);
            return;
        }

        if (queue is null)
        {
            _keys[key] = queue = new Queue<PendingDelivery>();
        }

        queue.Enqueue(new PendingDelivery(message));
        _offsets.Add(message.Offset);
    }

    public bool IsHead(PendingDelivery pending) =>
        _keys.TryGetValue(KeyOf(pending.Message), out var queue) && ReferenceEquals(queue.Peek(), pending);

    /// <summary>Removes a key's head once its outcome is final (delivered or dead-lettered).</summary>
    public void Remove(PendingDelivery pending)
    {
        var key = KeyOf(pending.Message);
        var queue = _keys[key];
        queue.Dequeue();
        _offsets.Remove(pending.Message.Offset);
        if (queue.Count == 0)
        {
            _keys.Remove(key);
        }
    }

    /// <summary>
    /// When a key whose events were left in the log has room again, reads again from the oldest event left behind;
    /// everything already held is skipped on the way, so nothing is sent twice.
    /// </summary>
    public void RereadOverflowWhenDrained()
    {
        if (_rereadFrom is not { } from
            || !_overflowedKeys.Any(k => !_keys.TryGetValue(k, out var queue) || queue.Count <= MaxBufferedPerKey / 2))
        {
            return;
        }

        if (_readCursor >= _scannedUpTo)
        {
            _rereadKeys.Clear();
        }

        // A re-read still under way keeps the keys it is reading for: jumping ahead must wait for all of them.
        _rereadKeys.UnionWith(_overflowedKeys);
        _overflowedKeys.Clear();
        _rereadFrom = null;
        _scannedUpTo = Math.Max(_scannedUpTo, _readCursor);
        _readCursor = Math.Min(_readCursor, from);
    }

    /// <summary>
    /// While reading again, the only events not already held belong to the keys being read again; once each of them
    /// is full again the rest of the range holds nothing new, so reading jumps to where it had got to. True when it jumped.
    /// </summary>
    public bool SkipRereadRange()
    {
        if (_rereadKeys.Count > 0 && _readCursor >= _scannedUpTo)
        {
            _rereadKeys.Clear();
        }

        if (_rereadKeys.Count == 0 || !_rereadKeys.All(_overflowedKeys.Contains))
        {
            return false;
        }

        _rereadKeys.Clear();
        _readCursor = _scannedUpTo;
        return true;
    }

    /// <summary>
    /// Called when nothing else in the pump owes anything. Holding nothing either, every event below the read cursor
    /// should be done; if the journal says otherwise (an outcome lost with an activation that was handing over), read
    /// again from the checkpoint.
    /// </summary>
    public void RewindWhenEmpty(long checkpoint)
    {
        if (_readCursor > checkpoint && _offsets.Count == 0 && _rereadFrom is null)
        {
            // Something unknown is missing in between: no jumping ahead over any of it.
            _rereadKeys.Clear();
            _scannedUpTo = 0;
            _readCursor = checkpoint;
        }
    }
}
