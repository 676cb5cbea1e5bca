using System.Runtime.CompilerServices;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Client;

/// <summary><see cref="ISagas"/> over grain calls.</summary>
internal sealed class SagasClient(IClusterClient cluster) : ISagas
{
    // Below the cluster's 30 s response timeout: a long watch is several calls, each answered in time.
    private static readonly TimeSpan WaitPerCall = TimeSpan.FromSeconds(20);

    public Task<(SagaDefinitionInfo Info, bool Created)> DefineAsync(string name, SagaDefinition definition, CancellationToken cancellationToken = default)
    {
        SagaRules.EnsureValid(name, definition);
        return cluster.GetGrain<ISagaDefinitionGrain>(name).PutAsync(definition).WaitAsync(cancellationToken);
    }

    public Task<SagaDefinitionInfo?> GetDefinitionAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        EnsureName(name);
        return cluster.GetGrain<ISagaDefinitionGrain>(name).GetAsync(version).WaitAsync(cancellationToken);
    }

    public async Task<(string SagaId, SagaStatus Status)> StartAsync(string definition, string inputJson, string? sagaId = null, CancellationToken cancellationToken = default)
    {
        EnsureName(definition);
        sagaId ??= Guid.NewGuid().ToString("N");
        EnsureSagaId(sagaId);
        var status = await cluster.GetGrain<ISagaGrain>(sagaId).StartAsync(definition, inputJson).WaitAsync(cancellationToken);
        return (sagaId, status);
    }

    public Task<SagaView?> GetAsync(string sagaId, CancellationToken cancellationToken = default)
    {
        EnsureSagaId(sagaId);
        return cluster.GetGrain<ISagaGrain>(sagaId).GetAsync().WaitAsync(cancellationToken);
    }

    public Task SignalAsync(string sagaId, string signal, string bodyJson, CancellationToken cancellationToken = default)
    {
        EnsureSagaId(sagaId);
        EnsureName(signal);
        return cluster.GetGrain<ISagaGrain>(sagaId).SignalAsync(signal, bodyJson).WaitAsync(cancellationToken);
    }

    public Task<SagaStatus> CancelAsync(string sagaId, CancellationToken cancellationToken = default)
    {
        EnsureSagaId(sagaId);
        return cluster.GetGrain<ISagaGrain>(sagaId).CancelAsync().WaitAsync(cancellationToken);
    }

    public Task<SagaStatus> RetryAsync(string sagaId, CancellationToken cancellationToken = default)
    {
        EnsureSagaId(sagaId);
        return cluster.GetGrain<ISagaGrain>(sagaId).RetryAsync().WaitAsync(cancellationToken);
    }

    public Task<SagaList> ListAsync(SagaListQuery? query = null, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISagaQueryGrain>(0).ListAsync(query ?? new SagaListQuery()).WaitAsync(cancellationToken);

    public Task<SagaStatistics> GetStatisticsAsync(string? definition = null, CancellationToken cancellationToken = default) =>
        GetStatisticsAsync(definition, null, null, cancellationToken);

    public Task<SagaStatistics> GetStatisticsAsync(string? definition, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISagaQueryGrain>(0).StatisticsAsync(definition, from, to).WaitAsync(cancellationToken);

    public async Task<SagaView> WaitForCompletionAsync(string sagaId, Action<SagaView>? onChange = null, CancellationToken cancellationToken = default)
    {
        await foreach (var view in WatchAsync(sagaId, cancellationToken))
        {
            onChange?.Invoke(view);
            if (view.Status.IsFinished())
            {
                return view;
            }
        }

        throw new ResourceNotFoundException("saga", sagaId);
    }

    public async IAsyncEnumerable<SagaView> WatchAsync(string sagaId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureSagaId(sagaId);
        var grain = cluster.GetGrain<ISagaGrain>(sagaId);
        var view = await grain.GetAsync().WaitAsync(cancellationToken) ?? throw new ResourceNotFoundException("saga", sagaId);
        yield return view;
        while (!view.Status.IsFinished())
        {
            // A long poll the saga's next commit answers; an unchanged answer only means the wait ran out.
            var next = await grain.WaitForChangeAsync(view.JournalVersion, WaitPerCall).WaitAsync(cancellationToken) ?? view;
            if (next.JournalVersion > view.JournalVersion)
            {
                view = next;
                yield return view;
            }
        }
    }

    private static void EnsureName(string name)
    {
        if (SagaRules.NameError(name) is { } error)
        {
            throw new PlatformValidationException("name", error);
        }
    }

    private static void EnsureSagaId(string sagaId)
    {
        if (SagaRules.SagaIdError(sagaId) is { } error)
        {
            throw new PlatformValidationException("sagaId", error);
        }
    }
}
