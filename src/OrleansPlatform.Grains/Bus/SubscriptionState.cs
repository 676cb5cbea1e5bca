using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Journal event: the subscription was created or its settings changed.</summary>
[EventType("SubscriptionDefined.v1")]
internal sealed record SubscriptionDefined(SubscriptionSettings Settings, int Partitions, DateTimeOffset CreatedAt);

/// <summary>A subscription's definition, folded from its journal.</summary>
[GenerateSerializer, Alias("op.bus.SubscriptionState")]
public sealed class SubscriptionState : IJournalState
{
    [Id(0)] public SubscriptionSettings? Settings { get; private set; }

    [Id(1)] public int Partitions { get; private set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; private set; }

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is SubscriptionDefined defined)
        {
            (Settings, Partitions, CreatedAt) = (defined.Settings, defined.Partitions, defined.CreatedAt);
        }
    }
}
