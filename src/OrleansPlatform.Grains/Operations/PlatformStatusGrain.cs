using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Operations;
using OrleansPlatform.Storage.Catalog;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Operations;

/// <summary>
/// The operators' overview, computed where storage is. One activation per silo keeps the last answer for
/// <see cref="CacheFor"/>, so a dashboard polling every second costs the database a few counts every few seconds.
/// </summary>
[StatelessWorker(1)]
public sealed partial class PlatformStatusGrain(
    IStreamCatalog catalog, IEventLog log, TimeProvider time, ILogger<PlatformStatusGrain> logger) : Grain, IPlatformStatusGrain
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>Bounds the dead-letter tally's grain calls; a cluster with more subscriptions shows a partial sum.</summary>
    private const int MaxSubscriptionsCounted = 1_000;

    private const string TopicPrefix = "$topic-def:";
    private const string SubscriptionPrefix = "$sub-def:";

    private PlatformStatus? _cached;

    public async Task<PlatformStatus> GetAsync()
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.AsOf < CacheFor)
        {
            return cached;
        }

        var silos = await GetSilosAsync();
        _cached = await CountAsync(silos, now);
        return _cached;
    }

    private async Task<PlatformStatus> CountAsync(IReadOnlyList<SiloOverview> silos, DateTimeOffset now)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var token = timeout.Token;
            await log.PingAsync(token);
            var all = await catalog.CountAsync("", token);
            var system = await catalog.CountAsync("$", token);
            var topics = await catalog.CountAsync(TopicPrefix, token);
            var subscriptions = await catalog.ListAsync(SubscriptionPrefix, null, MaxSubscriptionsCounted, token);
            var deadLetters = await CountDeadLettersAsync(subscriptions);
            return new PlatformStatus(silos, catalog.StorageKind, true, await catalog.GetHeadPositionAsync(token),
                all - system, topics, await catalog.CountAsync(SubscriptionPrefix, token), deadLetters, now);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or DbException or SocketException or OperationCanceledException or TimeoutException)
        {
            LogStorageUnavailable(logger, ex);
            return new PlatformStatus(silos, catalog.StorageKind, false, null, null, null, null, null, now);
        }
    }

    private async Task<long> CountDeadLettersAsync(IReadOnlyList<string> subscriptionStreams)
    {
        var counts = await Task.WhenAll(subscriptionStreams.Select(async stream =>
            (await GrainFactory.GetGrain<ISubscriptionGrain>(stream[SubscriptionPrefix.Length..]).GetDeadLettersAsync()).Count));
        return counts.Sum(c => (long)c);
    }

    private async Task<IReadOnlyList<SiloOverview>> GetSilosAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        return hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h => new SiloOverview(h.Key.ToParsableString(), h.Value.ToString().ToLowerInvariant()))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The status overview could not reach storage")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
