using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus;

/// <summary>How a topic message is stored as a partition log event and read back: the format on disk.</summary>
public sealed class TopicMessageCodecTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToMessage_OfStoredEventData_RoundTripsEveryField()
    {
        var headers = new Dictionary<string, string> { ["tenant"] = "t-1", ["x-odd name"] = "v" };
        var published = new OutgoingMessage(Guid.NewGuid(), "order-42", "OrderPlaced", """{"total":42}""", MessagePriority.High, "checkout-1", headers);
        var traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var stored = TopicMessageCodec.ToEventData(published, traceParent);
        var message = TopicMessageCodec.ToMessage("orders", 3, Recorded(stored, version: 8, position: 1_234));

        Assert.Equal(
            new TopicMessage("orders", 3, 7, 1_234, published.EventId, "order-42", "OrderPlaced", """{"total":42}""",
                MessagePriority.High, "checkout-1", message.Headers, At, traceParent),
            message);
        Assert.Equal(headers, message.Headers);
    }

    [Fact]
    public void ToEventData_Envelope_KeepsTheStoredJsonNames()
    {
        var published = new OutgoingMessage(Guid.NewGuid(), "k", "T", "{}", MessagePriority.Critical, Headers: new Dictionary<string, string> { ["h"] = "v" });

        var stored = TopicMessageCodec.ToEventData(published, "trace");

        // Events already in users' logs were written with these names and values; renaming one loses their keys.
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"key":"k","priority":"critical","headers":{"h":"v"},"traceParent":"trace"}"""),
            JsonNode.Parse(stored.Metadata!)));
        Assert.Null(stored.CorrelationId);
    }

    [Fact]
    public void ToMessage_WithoutMetadata_HasNoKeyAndNormalPriority()
    {
        var stored = new EventData(Guid.NewGuid(), "T", "{}");

        var message = TopicMessageCodec.ToMessage("orders", 0, Recorded(stored, version: 1, position: 5));

        Assert.Equal(0, message.Offset);
        Assert.Null(message.Key);
        Assert.Equal(MessagePriority.Normal, message.Priority);
        Assert.Null(message.Headers);
        Assert.Null(message.TraceParent);
    }

    [Fact]
    public void ToMessage_OfEnvelopeWithoutOptionalFields_ReadsNulls()
    {
        var stored = TopicMessageCodec.ToEventData(new OutgoingMessage(Guid.NewGuid(), null, "T", "{}"), traceParent: null);

        var message = TopicMessageCodec.ToMessage("orders", 0, Recorded(stored, version: 1, position: 5));

        Assert.Equal("""{"priority":"normal"}""", stored.Metadata);
        Assert.Null(message.Key);
        Assert.Null(message.Headers);
        Assert.Null(message.TraceParent);
    }

    /// <summary>What the log hands back for an appended event.</summary>
    private static RecordedEvent Recorded(EventData e, long version, long position) =>
        new(e.EventId, "$topic:orders:3", version, position, e.Type, e.Data, e.Metadata, e.CorrelationId, e.CausationId, At);
}
