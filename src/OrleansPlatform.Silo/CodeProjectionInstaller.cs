using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.Projections;

namespace OrleansPlatform.Silo;

/// <summary>
/// Stores the definitions of the silo's .NET projections once the silo is active, so they run (and rebuild on a
/// raised <see cref="IProjection{TDocument}.Version"/>) with no call from anyone. Every silo does it; storing an
/// unchanged definition is a no-op, and a silo with an older version of the code never steps a newer one back.
/// </summary>
internal sealed partial class CodeProjectionInstaller(CodeProjections projections, IGrainFactory grains, ILogger<CodeProjectionInstaller> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CodeProjectionInstaller), ServiceLifecycleStage.Active, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        foreach (var projection in projections.All)
        {
            var grain = grains.GetGrain<IProjectionGrain>(projection.Name);
            var mine = projection.Definition.FoldOrDefault;
            if (await grain.GetAsync().WaitAsync(cancellationToken) is { Newest.Definition.Fold: { Code: { } code } stored }
                && code == mine.Code && stored.CodeVersion > mine.CodeVersion)
            {
                LogNewerStored(logger, projection.Name, stored.CodeVersion, mine.CodeVersion);
                continue;
            }

            var (info, _) = await grain.PutAsync(projection.Definition).WaitAsync(cancellationToken);
            LogInstalled(logger, projection.Name, mine.CodeVersion, info.Newest.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = ".NET projection {Projection} (code version {CodeVersion}) runs as definition version {Version}")]
    private static partial void LogInstalled(ILogger logger, string projection, int codeVersion, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = ".NET projection {Projection}: code version {Stored} is already stored, this silo has {Mine}; leaving it")]
    private static partial void LogNewerStored(ILogger logger, string projection, int stored, int mine);
}
