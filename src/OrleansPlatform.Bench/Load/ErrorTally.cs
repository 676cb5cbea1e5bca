using System.Collections.Concurrent;

namespace OrleansPlatform.Bench.Load;

/// <summary>
/// Counts failed operations by kind and keeps one message of each kind, so a run that "worked" but hid failures
/// cannot be mistaken for a clean one.
/// </summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, Entry> _byKind = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(Exception error)
    {
        Interlocked.Increment(ref _total);
        var kind = Kind(error);
        var entry = _byKind.GetOrAdd(kind, _ => new Entry(error.Message));
        Interlocked.Increment(ref entry.Count);
    }

    /// <summary>Kinds with their counts and one sample message, most frequent first.</summary>
    public IReadOnlyList<(string Kind, long Count, string Sample)> Snapshot() =>
        _byKind.Select(p => (p.Key, Interlocked.Read(ref p.Value.Count), p.Value.Sample))
            .OrderByDescending(e => e.Item2)
            .ToList();

    private static string Kind(Exception error) => error switch
    {
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        AggregateException { InnerException: { } inner } => Kind(inner),
        _ => error.GetType().Name,
    };

    private sealed class Entry(string sample)
    {
        public long Count;

        public string Sample { get; } = sample;
    }
}
