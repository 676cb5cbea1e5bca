using Orleans.Concurrency;
using OrleansPlatform.Contracts.Operations;
using OrleansPlatform.Storage.Catalog;

namespace OrleansPlatform.Grains.Operations;

/// <summary>Pages of stream, topic and subscription ids from the stream catalog, on whichever silo takes the call.</summary>
[StatelessWorker]
public sealed class CatalogGrain(IStreamCatalog catalog) : Grain, ICatalogGrain
{
    // Topic and subscription definitions live in system streams named by these prefixes.
    private const string TopicPrefix = "$topic-def:";
    private const string SubscriptionPrefix = "$sub-def:";

    // '%' sorts after '$' and before every character a user stream id may hold ([A-Za-z0-9_.:@-]), so starting after
    // it skips all system streams without reading them.
    private const string AfterSystemStreams = "%";

    public Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, string? after, int limit) =>
        catalog.ListAsync(prefix, prefix.Length == 0 && after is null ? AfterSystemStreams : after, limit, CancellationToken.None);

    public Task<IReadOnlyList<string>> ListTopicsAsync(string? after, int limit) => ListNamesAsync(TopicPrefix, after, limit);

    public Task<IReadOnlyList<string>> ListSubscriptionsAsync(string? after, int limit) => ListNamesAsync(SubscriptionPrefix, after, limit);

    private async Task<IReadOnlyList<string>> ListNamesAsync(string prefix, string? after, int limit)
    {
        var ids = await catalog.ListAsync(prefix, after is null ? null : prefix + after, limit, CancellationToken.None);
        return ids.Select(id => id[prefix.Length..]).ToList();
    }
}
