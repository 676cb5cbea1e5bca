using System.Collections.Concurrent;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// A silo's subject keys, bounded: past its capacity it drops entries in the order they were added. Dropping is
/// always safe, because the database holds every key and every erasure, so a dropped subject costs one re-read.
/// </summary>
internal sealed class SubjectKeyCache(int capacity)
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Count => _keys.Count;

    public bool TryGet(string subject, out byte[] key)
    {
        var found = _keys.TryGetValue(subject, out key!);
        ErasureTelemetry.RecordLookup(found);
        return found;
    }

    public byte[] GetOrAdd(string subject, byte[] key)
    {
        var held = _keys.GetOrAdd(subject, key);
        if (ReferenceEquals(held, key))
        {
            Added(subject);
        }

        return held;
    }

    /// <summary>Replaces whatever is held (an erasure mark overrides a key).</summary>
    public void Set(string subject, byte[] key)
    {
        var added = false;
        _keys.AddOrUpdate(subject, _ => { added = true; return key; }, (_, _) => key);
        if (added)
        {
            Added(subject);
        }
    }

    private void Added(string subject)
    {
        _order.Enqueue(subject);
        while (_keys.Count > capacity && _order.TryDequeue(out var oldest))
        {
            if (_keys.TryRemove(oldest, out _))
            {
                ErasureTelemetry.RecordEvicted();
            }
        }
    }
}
