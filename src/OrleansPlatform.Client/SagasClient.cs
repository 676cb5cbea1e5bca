using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Client;

/// <summary><see cref="ISagas"/> over grain calls.</summary>
internal sealed class SagasClient(IClusterClient cluster, TimeProvider time) : ISagas
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(200);

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

    public async Task<SagaView> WaitForCompletionAsync(string sagaId, Action<SagaView>? onChange = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        long seen = -1;
        while (true)
        {
            var view = await GetAsync(sagaId, cancellationToken) ?? throw new ResourceNotFoundException("saga", sagaId);
            var version = view.History.Count > 0 ? view.History[^1].Version : 0;
            if (version != seen)
            {
                seen = version;
                onChange?.Invoke(view);
            }

            if (view.Status.IsFinished())
            {
                return view;
            }

            await Task.Delay(pollInterval ?? DefaultPollInterval, time, cancellationToken);
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
