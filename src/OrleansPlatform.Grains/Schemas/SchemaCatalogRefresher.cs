using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// Keeps this silo's <see cref="SchemaCatalog"/> current: asks the registry, every
/// <see cref="SchemaOptions.RefreshInterval"/>, for registrations past the revision it holds (an unchanged registry
/// answers null, so a quiet cluster costs one small call per silo per interval and no database work).
/// </summary>
public sealed partial class SchemaCatalogRefresher(
    IGrainFactory grains, SchemaCatalog catalog, IOptions<SchemaOptions> options, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<SchemaCatalogRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan FirstLoadRetry = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The registry is a grain: asking before the silo has joined only fills the log with placement failures.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await grains.GetGrain<ISchemaRegistryGrain>(0).GetSnapshotAsync(catalog.Revision) is { } snapshot)
                {
                    catalog.Apply(snapshot);
                }

                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The silo may still be starting, or storage may be down: keep the copy held and ask again.
                if (++failures % 30 == 1)
                {
                    LogRefreshFailed(logger, ex, catalog.Revision);
                }
            }

            try
            {
                // Until the first load, validation would let anything through: ask again soon.
                await Task.Delay(catalog.Revision < 0 ? FirstLoadRetry : options.Value.RefreshInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema catalog refresh from revision {Revision} failed; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, long revision);
}
