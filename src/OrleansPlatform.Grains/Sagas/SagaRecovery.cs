using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPlatform.Storage.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>The cluster-wide sweep that resumes unfinished sagas whose silo was lost.</summary>
[Alias("op.sagas.ISagaRecoveryGrain")]
internal interface ISagaRecoveryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the sweep's reminder (idempotent).</summary>
    [Alias("Ensure")]
    Task EnsureAsync();

    /// <summary>Touches every saga the read model shows running or compensating; returns how many answered.</summary>
    [Alias("Sweep")]
    Task<int> SweepAsync();
}

/// <summary>
/// Sagas keep no reminder of their own while their waits are short (grain timers drive them), so a silo that dies
/// takes their timers with it. Once a minute this one reminder pages through the read model's unfinished sagas and
/// touches each: an active saga ignores it, a lost one activates on a live silo, folds its journal and resumes
/// (attempts in flight are sent again under the same idempotency keys).
/// </summary>
internal sealed partial class SagaRecoveryGrain(ISagaIndex index, ILogger<SagaRecoveryGrain> logger) : Grain, ISagaRecoveryGrain, IRemindable
{
    private const string SweepReminder = "saga-recovery";
    private const int PageSize = 500;
    private const int Parallelism = 50;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    public async Task EnsureAsync() => await this.RegisterOrUpdateReminder(SweepReminder, Period, Period);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await SweepAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next period sweeps again; a saga missed now loses a minute, not its progress.
            LogSweepFailed(logger, ex);
        }
    }

    public async Task<int> SweepAsync()
    {
        var touched = 0;
        string? cursor = null;
        do
        {
            var page = await index.QueryAsync(new SagaQuery(["running", "compensating"], null, null, null, PageSize, cursor), CancellationToken.None);
            foreach (var chunk in page.Sagas.Chunk(Parallelism))
            {
                var results = await Task.WhenAll(chunk.Select(s => TouchAsync(s.SagaId)));
                touched += results.Count(ok => ok);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return touched;
    }

    private async Task<bool> TouchAsync(string sagaId)
    {
        try
        {
            await GrainFactory.GetGrain<ISagaStepSink>(sagaId).ResumeAsync();
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Typically a saga whose silo is not yet declared dead: the next sweep reaches it.
            LogTouchFailed(logger, ex, sagaId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The recovery sweep could not reach saga {SagaId}; the next sweep tries again")]
    private static partial void LogTouchFailed(ILogger logger, Exception exception, string sagaId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saga recovery sweep failed; it runs again at the next period")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

/// <summary>Registers the saga recovery sweep when a silo starts (an Orleans startup task; idempotent).</summary>
public static class SagaRecoveryStartup
{
    public static Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IGrainFactory>().GetGrain<ISagaRecoveryGrain>(0).EnsureAsync().WaitAsync(cancellationToken);
}
