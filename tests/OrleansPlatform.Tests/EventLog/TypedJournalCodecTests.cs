using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Tests.EventLog;

/// <summary>The journal codec: stable names, and event ids a retried write reproduces exactly.</summary>
public sealed class TypedJournalCodecTests
{
    private readonly TypedJournalCodec _codec = new([typeof(ThingHappened), typeof(OtherThing), typeof(Unnamed)]);

    [Fact]
    public void Encode_SameEventAtSameVersion_GivesTheSameEventId()
    {
        var first = _codec.Encode("$j:1", 7, new ThingHappened("a", 1));
        var retried = _codec.Encode("$j:1", 7, new ThingHappened("a", 1));

        Assert.Equal(first.EventId, retried.EventId);
        Assert.Equal("ThingHappened.v1", first.Type);
        Assert.Equal("""{"name":"a","count":1}""", first.Data);
    }

    [Theory]
    [InlineData("$j:2", 7, "a", 1)]
    [InlineData("$j:1", 8, "a", 1)]
    [InlineData("$j:1", 7, "b", 1)]
    public void Encode_OtherJournalVersionOrContent_GivesAnotherEventId(string journal, long version, string name, int count)
    {
        var original = _codec.Encode("$j:1", 7, new ThingHappened("a", 1));

        Assert.NotEqual(original.EventId, _codec.Encode(journal, version, new ThingHappened(name, count)).EventId);
    }

    [Fact]
    public void Decode_ByStoredName_ReturnsTheTypedEvent()
    {
        var decoded = _codec.Decode("ThingHappened.v1", """{"name":"x","count":3}""");

        Assert.Equal(new ThingHappened("x", 3), decoded);
    }

    [Fact]
    public void Decode_UnknownName_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _codec.Decode("Nope.v9", "{}"));

        Assert.Contains("Nope.v9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_TypeWithoutName_Throws() =>
        Assert.Throws<ArgumentException>(() => _codec.Encode("$j:1", 1, new Unnamed()));

    [Fact]
    public void Constructor_TwoTypesWithOneName_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new TypedJournalCodec([typeof(ThingHappened), typeof(Clash)]));

    [Fact]
    public void Instance_KnowsThePlatformsStoredNames()
    {
        // Journals written by earlier builds carry these names; renaming one would make them unreadable.
        foreach (var name in new[] { "TopicDefined.v1", "SubscriptionDefined.v1", "SubscriptionPartitionStarted.v1", "SubscriptionCompleted.v1", "SubscriptionSnapshot.v1", "FeedForwarderStarted.v1", "FeedForwarderAdvanced.v1" })
        {
            Assert.NotNull(TypedJournalCodec.Instance.Decode(name, "{}"));
        }
    }

    [EventType("ThingHappened.v1")]
    public sealed record ThingHappened(string Name, int Count);

    [EventType("OtherThing.v1")]
    public sealed record OtherThing(string Name);

    [EventType("ThingHappened.v1")]
    public sealed record Clash(string Name);

    public sealed record Unnamed;
}
