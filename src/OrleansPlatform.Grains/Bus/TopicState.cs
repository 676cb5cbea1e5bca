using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Journal event: the topic was created or its settings changed.</summary>
[EventType("TopicDefined.v1")]
internal sealed record TopicDefined(TopicSettings Settings, DateTimeOffset CreatedAt);

/// <summary>A topic's definition, folded from its journal.</summary>
[GenerateSerializer, Alias("op.bus.TopicState")]
public sealed class TopicState : IJournalState
{
    [Id(0)] public TopicSettings? Settings { get; private set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; private set; }

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is TopicDefined defined)
        {
            Settings = defined.Settings;
            CreatedAt = defined.CreatedAt;
        }
    }
}
