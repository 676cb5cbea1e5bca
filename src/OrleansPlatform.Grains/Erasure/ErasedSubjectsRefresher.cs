using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Storage.Erasure;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// Drops from this silo's <see cref="SubjectKeyring"/> the keys of subjects erased through other silos: every
/// <see cref="ErasureOptions.RefreshInterval"/> it reads the erasures stamped since its previous look (less a margin
/// for clocks that disagree between silos), one indexed query.
/// </summary>
public sealed partial class ErasedSubjectsRefresher(
    ISubjectKeyStore store, SubjectKeyring keyring, IOptions<ErasureOptions> options, TimeProvider time, ILogger<ErasedSubjectsRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow() - ClockMargin;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                foreach (var subject in await store.ErasedSinceAsync(since, stoppingToken))
                {
                    keyring.Forget(subject);
                }

                since = now - ClockMargin;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for subjects erased through other silos failed; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
