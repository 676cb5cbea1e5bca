namespace OrleansPlatform.Contracts.Projections;

/// <summary>
/// A projection's definition versions and lifecycle, keyed by projection name and journaled in
/// <c>$projection:{name}</c>. A changed definition (or a rebuild) becomes a building version beside the serving one,
/// promoted once it has caught up, so queries never see a half-built read model.
/// </summary>
[Alias("op.proj.IProjectionGrain")]
public interface IProjectionGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="definition"/> as a new version unless it equals the newest one.</summary>
    /// <returns>The projection now, and whether this call created it.</returns>
    /// <exception cref="Errors.PlatformValidationException">The definition is invalid; the errors name the problem.</exception>
    [Alias("Put")]
    Task<(ProjectionInfo Info, bool Created)> PutAsync(ProjectionDefinition definition);

    /// <summary>The projection, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<ProjectionInfo?> GetAsync();

    /// <summary>Builds the serving definition again as a new version beside the serving one.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    [Alias("Rebuild")]
    Task<ProjectionInfo> RebuildAsync();

    /// <summary>Stops processing until <see cref="ResumeAsync"/>; reads keep answering from the documents as they are.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    [Alias("Pause")]
    Task<ProjectionInfo> PauseAsync();

    /// <summary>Resumes a paused or halted projection (a halted one retries the event it halted at).</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    [Alias("Resume")]
    Task<ProjectionInfo> ResumeAsync();

    /// <summary>Deletes the projection; its documents go with it. False when it did not exist.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>Makes the building <paramref name="version"/> the serving one (called once it has caught up); a stale call changes nothing.</summary>
    [Alias("Promote")]
    Task<ProjectionInfo?> PromoteAsync(int version);

    /// <summary>Halts <paramref name="version"/> at a poison event (its definition says <c>onError: halt</c>).</summary>
    [Alias("Halt")]
    Task HaltAsync(int version, long position, string error);
}

/// <summary>Where a projection version halted.</summary>
/// <param name="Version">The halted version.</param>
/// <param name="Position">The global position of the poison event.</param>
/// <param name="Error">Why its rule could not apply.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionHalt")]
public sealed record ProjectionHalt(
    [property: Id(0)] int Version,
    [property: Id(1)] long Position,
    [property: Id(2)] string Error);

/// <summary>A projection's definition versions and lifecycle.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Serving">The version queries read.</param>
/// <param name="Building">A newer version being built beside it, or null.</param>
/// <param name="Paused">Whether processing is paused.</param>
/// <param name="Halt">Where it halted, or null.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionInfo")]
public sealed record ProjectionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] ProjectionDefinitionInfo Serving,
    [property: Id(2)] ProjectionDefinitionInfo? Building,
    [property: Id(3)] bool Paused,
    [property: Id(4)] ProjectionHalt? Halt)
{
    /// <summary>The newest version: the building one if any, else the serving one.</summary>
    public ProjectionDefinitionInfo Newest => Building ?? Serving;
}
