using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Publishing;

/// <summary>
/// Routes messages to their partitions (stable hash of the key; of the event id when there is no key), publishes each
/// partition's share atomically and in order, and returns receipts in request order.
/// </summary>
public static class TopicPublisher
{
    // A topic's partition count never changes (the topic grain refuses it), so once known it is known for good: a
    // publish then costs one grain call per partition it touches instead of a topic lookup first.
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<string, int>> PartitionCounts = new();

    /// <summary>Publishes <paramref name="messages"/> to <paramref name="topic"/> through the grains of <paramref name="grains"/>.</summary>
    /// <exception cref="ResourceNotFoundException">The topic does not exist.</exception>
    public static async Task<IReadOnlyList<PublishReceipt>> PublishAsync(IGrainFactory grains, string topic, IReadOnlyList<OutgoingMessage> messages)
    {
        var partitions = await PartitionCountAsync(grains, topic);
        var groups = messages
            .Select((m, index) => (Message: m, Index: index, Partition: BusRules.PartitionOf(m.Key ?? m.EventId.ToString("N"), partitions)))
            .GroupBy(x => x.Partition)
            .ToList();
        var published = await Task.WhenAll(groups.Select(async g =>
        {
            var items = g.ToList();
            try
            {
                var receipts = await grains.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(topic, g.Key))
                    .PublishAsync(items.Select(x => x.Message).ToList());
                return items.Select((x, i) => (x.Index, Receipt: receipts[i]));
            }
            catch (PlatformValidationException invalid)
            {
                // A partition numbers its share from 0: point the errors at the events of the caller's request.
                throw EventPointers.Renumber(invalid, j => items[j].Index);
            }
        }));
        return published.SelectMany(p => p).OrderBy(p => p.Index).Select(p => p.Receipt).ToList();
    }

    private static async ValueTask<int> PartitionCountAsync(IGrainFactory grains, string topic)
    {
        var known = PartitionCounts.GetOrCreateValue(grains);
        if (known.TryGetValue(topic, out var partitions))
        {
            return partitions;
        }

        var info = await grains.GetGrain<ITopicGrain>(topic).GetAsync() ?? throw new ResourceNotFoundException("topic", topic);
        return known[topic] = info.Settings.Partitions;
    }
}
