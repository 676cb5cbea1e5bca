using Orleans.Concurrency;

namespace OrleansPlatform.Contracts.Sagas;

/// <summary>A saga definition's versions, keyed by definition name.</summary>
[Alias("op.sagas.ISagaDefinitionGrain")]
public interface ISagaDefinitionGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="definition"/> as a new version unless it equals the latest.</summary>
    /// <returns>The version now latest, and whether the definition was created by this call.</returns>
    /// <exception cref="Errors.PlatformValidationException">The definition is invalid; the errors name the problem.</exception>
    [Alias("Put")]
    Task<(SagaDefinitionInfo Info, bool Created)> PutAsync(SagaDefinition definition);

    /// <summary>The latest version, or version <paramref name="version"/>; null when there is none.</summary>
    [Alias("Get")]
    Task<SagaDefinitionInfo?> GetAsync(int? version = null);
}

/// <summary>A saga instance, keyed by saga id: a journaled orchestrator of its definition's steps.</summary>
[Alias("op.sagas.ISagaGrain")]
public interface ISagaGrain : IGrainWithStringKey
{
    /// <summary>Starts the saga on the latest version of <paramref name="definition"/>; a repeat returns the saga as it is.</summary>
    /// <param name="definition">The definition's name.</param>
    /// <param name="input">The input, a JSON text.</param>
    /// <exception cref="Errors.ResourceNotFoundException">The definition does not exist.</exception>
    /// <exception cref="Errors.PlatformConflictException">The saga id is taken by a saga of another definition.</exception>
    [Alias("Start")]
    Task<SagaStatus> StartAsync(string definition, string input);

    /// <summary>The saga, or null when it was never started.</summary>
    [Alias("Get")]
    Task<SagaView?> GetAsync();

    /// <summary>
    /// A long poll: the saga once its journal has passed <paramref name="knownVersion"/> (a
    /// <see cref="SagaView.JournalVersion"/>), or as it is when <paramref name="timeout"/> (at most 20 s) is over; woken
    /// by the commit that changes it, never by polling. Null when the saga was never started (and still is not).
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<SagaView?> WaitForChangeAsync(long knownVersion, TimeSpan timeout);

    /// <summary>Delivers signal <paramref name="name"/>; its body (JSON) becomes the waiting step's output.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">No saga, or no step waits for that signal.</exception>
    /// <exception cref="Errors.PlatformConflictException">The saga is finished or the signal was already delivered.</exception>
    [Alias("Signal")]
    Task SignalAsync(string name, string body);

    /// <summary>Cancels the saga: what completed is compensated. Repeating it while compensating is harmless.</summary>
    /// <exception cref="Errors.PlatformConflictException">The saga is already finished.</exception>
    [Alias("Cancel")]
    Task<SagaStatus> CancelAsync();

    /// <summary>Retries the compensation of a <see cref="SagaStatus.Failed"/> saga.</summary>
    /// <exception cref="Errors.PlatformConflictException">The saga is not failed.</exception>
    [Alias("Retry")]
    Task<SagaStatus> RetryAsync();
}
