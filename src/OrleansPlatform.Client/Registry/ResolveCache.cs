using System.Collections.Concurrent;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Client;

/// <summary>
/// The client's copy of each service it resolves, so a resolve is a local pick rather than a grain call (the registry
/// resolve path must reach 50,000/s from one client). The first resolve of a service reads it from its grain and starts
/// a watch (<see cref="IServiceGrain.WaitForChangeAsync"/>) that replaces the copy on every change, so a registration,
/// deregistration or health transition reaches resolves within the watch's round trip. Round robin, random and smooth
/// weighted pick locally (their shares hold per client); least connections and consistent hashing need state the
/// registry owns (in-flight counts reported by the mesh, the same ring for every caller), so they stay grain calls,
/// as does any resolve the copy cannot answer (no healthy instance: the grain raises the proper error).
/// </summary>
internal sealed class ResolveCache(IClusterClient cluster) : IAsyncDisposable
{
    private static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _entries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The pick for <paramref name="service"/>, or null when the grain must answer.</summary>
    public async ValueTask<ResolvedInstance?> TryResolveAsync(string service, BalancingStrategy? strategy, CancellationToken cancellationToken)
    {
        if (strategy is BalancingStrategy.LeastConnections or BalancingStrategy.ConsistentHash)
        {
            return null;
        }

        var lazy = _entries.GetOrAdd(service, s => new Lazy<Task<Entry>>(() => StartAsync(s)));
        Entry entry;
        try
        {
            entry = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _entries.TryRemove(new(service, lazy));
            return null;
        }

        return entry.Current.Pick(strategy);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    private async Task<Entry> StartAsync(string service)
    {
        var grain = cluster.GetGrain<IServiceGrain>(service);
        var entry = new Entry(new Snapshot(await grain.GetAsync()));
        _ = WatchAsync(service, grain, entry);
        return entry;
    }

    private async Task WatchAsync(string service, IServiceGrain grain, Entry entry)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var view = entry.Current.View;
                var next = await grain.WaitForChangeAsync(view.Index, WatchSlice).WaitAsync(_stopping.Token);
                if (next.Index != view.Index)
                {
                    entry.Current = new Snapshot(next);
                }
            }
        }
        catch (Exception)
        {
            // Watch lost (cluster gone, client stopping): forget the copy so the next resolve reads afresh rather than
            // serving a view nobody keeps current.
            _entries.TryRemove(service, out _);
        }
    }

    private sealed class Entry(Snapshot current)
    {
        public volatile Snapshot Current = current;
    }

    /// <summary>One view of a service with its healthy instances and the strategies' memory for that set.</summary>
    private sealed class Snapshot
    {
        private readonly ResolvedInstance[] _healthy;
        private readonly long[] _scores;
        private readonly long _totalWeight;
        private uint _next;

        public Snapshot(ServiceView view)
        {
            View = view;
            _healthy = view.Instances
                .Where(i => i.Status == InstanceStatus.Healthy && i.EjectedUntil is null)
                .Select(i => new ResolvedInstance(i.InstanceId, i.Address, i.Weight, i.Metadata))
                .ToArray();
            _scores = new long[_healthy.Length];
            _totalWeight = _healthy.Sum(i => (long)i.Weight);
        }

        public ServiceView View { get; }

        public ResolvedInstance? Pick(BalancingStrategy? strategy)
        {
            if (_healthy.Length == 0)
            {
                return null;
            }

            return (strategy ?? View.Policy?.LoadBalancing ?? BalancingStrategy.RoundRobin) switch
            {
                BalancingStrategy.RoundRobin => _healthy[(int)(Interlocked.Increment(ref _next) % (uint)_healthy.Length)],
                BalancingStrategy.Random => _healthy[Random.Shared.Next(_healthy.Length)],
                BalancingStrategy.Weighted => PickWeighted(),
                _ => null,
            };
        }

        /// <summary>Smooth weighted round robin, as the grain does it (see Contracts.Registry.Balancing.SmoothWeighted).</summary>
        private ResolvedInstance PickWeighted()
        {
            lock (_scores)
            {
                var best = 0;
                for (var i = 0; i < _healthy.Length; i++)
                {
                    _scores[i] += _healthy[i].Weight;
                    if (_scores[i] > _scores[best])
                    {
                        best = i;
                    }
                }

                _scores[best] -= _totalWeight;
                return _healthy[best];
            }
        }
    }
}
