using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>A version's progress: the lowest partition checkpoint, since a position is processed only when every partition has passed it.</summary>
internal static class ProjectionProgressReader
{
    /// <summary>The feed position every partition has reached (a partition that never committed counts as at its start).</summary>
    public static async Task<long> MinNextAsync(IProjectionStore store, ProjectionDefinitionInfo version, CancellationToken cancellationToken)
    {
        var checkpoints = await store.CheckpointsAsync(version.Name, version.Version, cancellationToken);
        return Enumerable.Range(0, version.Partitions).Min(p => checkpoints.TryGetValue(p, out var next) ? next : version.StartPosition);
    }
}
