using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Journal event: the topic was created or its settings changed.</summary>
internal sealed record TopicDefined(TopicSettings Settings, DateTimeOffset CreatedAt)
{
    public const string EventType = "TopicDefined.v1";
}

/// <summary>A topic's definition, folded from its journal.</summary>
[GenerateSerializer, Alias("op.bus.TopicState")]
public sealed class TopicState
{
    [Id(0)] public TopicSettings? Settings { get; private set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; private set; }

    public void Apply(StreamEventRecorded recorded)
    {
        if (recorded.Event.Type == TopicDefined.EventType)
        {
            var defined = BusJson.Read<TopicDefined>(recorded.Event.Data);
            Settings = defined.Settings;
            CreatedAt = defined.CreatedAt;
        }
    }
}
