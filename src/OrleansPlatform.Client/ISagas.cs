using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Client;

/// <summary>
/// Sagas as a .NET service uses them: define, start, follow and steer durable orchestrations. Errors are typed
/// exceptions: <see cref="Contracts.Errors.PlatformValidationException"/> (an invalid definition, naming the problem),
/// <see cref="Contracts.Errors.ResourceNotFoundException"/> (unknown definition, saga or signal),
/// <see cref="Contracts.Errors.PlatformConflictException"/> (the saga is in no state for the request).
/// </summary>
public interface ISagas
{
    /// <summary>Stores a definition; a changed definition becomes a new version, an identical one changes nothing.</summary>
    /// <returns>The version now latest, and whether the definition was created by this call.</returns>
    Task<(SagaDefinitionInfo Info, bool Created)> DefineAsync(string name, SagaDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The latest version of a definition, or <paramref name="version"/>; null when there is none.</summary>
    Task<SagaDefinitionInfo?> GetDefinitionAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a saga on the definition's latest version with <paramref name="inputJson"/> as its input (a JSON text).
    /// Idempotent on <paramref name="sagaId"/>: starting it again returns its current status and runs nothing twice.
    /// </summary>
    /// <returns>The saga id (a new one when none was given) and its status.</returns>
    Task<(string SagaId, SagaStatus Status)> StartAsync(string definition, string inputJson, string? sagaId = null, CancellationToken cancellationToken = default);

    /// <summary>The saga with its steps and history, or null when it was never started.</summary>
    Task<SagaView?> GetAsync(string sagaId, CancellationToken cancellationToken = default);

    /// <summary>Delivers a signal; <paramref name="bodyJson"/> becomes the output of the step waiting for it.</summary>
    Task SignalAsync(string sagaId, string signal, string bodyJson, CancellationToken cancellationToken = default);

    /// <summary>Cancels a running saga: what completed is compensated; the saga ends <see cref="SagaStatus.Cancelled"/>.</summary>
    Task<SagaStatus> CancelAsync(string sagaId, CancellationToken cancellationToken = default);

    /// <summary>Retries the compensation of a <see cref="SagaStatus.Failed"/> saga.</summary>
    Task<SagaStatus> RetryAsync(string sagaId, CancellationToken cancellationToken = default);

    /// <summary>A page of sagas, newest first; pass <see cref="SagaList.NextCursor"/> on for the next one.</summary>
    Task<SagaList> ListAsync(SagaListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Counts by status and definition, success and compensation rates, duration percentiles.</summary>
    Task<SagaStatistics> GetStatisticsAsync(string? definition = null, CancellationToken cancellationToken = default);

    /// <summary>Statistics of the sagas started in [<paramref name="from"/>, <paramref name="to"/>) (each bound optional), of one definition or all.</summary>
    Task<SagaStatistics> GetStatisticsAsync(string? definition, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the saga is finished (completed, compensated, failed, timed out or cancelled) and returns it;
    /// <paramref name="onChange"/> sees each new state on the way. Built on <see cref="WatchAsync"/>: no polling.
    /// Cancel the token to stop waiting.
    /// </summary>
    /// <exception cref="Contracts.Errors.ResourceNotFoundException">The saga was never started.</exception>
    Task<SagaView> WaitForCompletionAsync(string sagaId, Action<SagaView>? onChange = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The saga now and after every change of its journal, ending with its finished state. Each change arrives
    /// through a long poll on the saga grain that its commit answers (<see cref="ISagaGrain.WaitForChangeAsync"/>);
    /// changes committed between two answers arrive together, as the later state.
    /// </summary>
    /// <exception cref="Contracts.Errors.ResourceNotFoundException">The saga was never started.</exception>
    IAsyncEnumerable<SagaView> WatchAsync(string sagaId, CancellationToken cancellationToken = default);
}
