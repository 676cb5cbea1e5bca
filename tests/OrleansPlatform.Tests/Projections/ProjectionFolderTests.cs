using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.Projections;

namespace OrleansPlatform.Tests.Projections;

/// <summary>Each fold kind changes the document as its rule says; rules that cannot apply are poison.</summary>
public sealed class ProjectionFolderTests
{
    private static readonly ProjectionSource Orders = new("order-", ["Order*"]);

    private static RecordedEvent Event(string type, string data, string stream = "order-1", long position = 1) =>
        new(Guid.NewGuid(), stream, position, position, type, data, null, null, null, DateTimeOffset.UnixEpoch);

    private static JsonObject? Fold(ProjectionDefinition definition, JsonObject? document, RecordedEvent recorded) =>
        ProjectionFolder.Apply(definition, document, ProjectionFolder.EventNode(recorded));

    [Theory]
    [InlineData("Order*", "OrderPlaced", true)]
    [InlineData("Order*", "ItemAdded", false)]
    [InlineData("*Placed", "OrderPlaced", true)]
    [InlineData("Or*er*d", "OrderPlaced", true)]
    [InlineData("Order*Placed*", "OrderPlace", false)]
    [InlineData("OrderPlaced", "OrderPlaced", true)]
    [InlineData("OrderPlaced", "OrderPlaced2", false)]
    public void TypeMatches_Pattern_MatchesWildcards(string pattern, string type, bool expected)
    {
        Assert.Equal(expected, ProjectionFolder.TypeMatches(pattern, type));
    }

    [Fact]
    public void Reads_PrefixAndTypes_BothMustMatch()
    {
        var definition = new ProjectionDefinition(Orders);

        Assert.True(ProjectionFolder.Reads(definition, Event("OrderPlaced", "{}")));
        Assert.False(ProjectionFolder.Reads(definition, Event("OrderPlaced", "{}", stream: "cart-1")));
        Assert.False(ProjectionFolder.Reads(definition, Event("ItemAdded", "{}")));
    }

    [Fact]
    public void DocumentId_Pointer_ReadsEventAndSkipsWhenMissing()
    {
        var definition = new ProjectionDefinition(Orders, "/data/customerId");
        var withKey = Event("OrderPlaced", """{"customerId":"c-7"}""");
        var numeric = Event("OrderPlaced", """{"customerId":42}""");
        var without = Event("OrderPlaced", "{}");

        Assert.Equal("c-7", ProjectionFolder.DocumentId(definition, withKey, ProjectionFolder.EventNode(withKey)));
        Assert.Equal("42", ProjectionFolder.DocumentId(definition, numeric, ProjectionFolder.EventNode(numeric)));
        Assert.Null(ProjectionFolder.DocumentId(definition, without, ProjectionFolder.EventNode(without)));
        Assert.Equal("order-1", ProjectionFolder.DocumentId(new ProjectionDefinition(Orders), without, ProjectionFolder.EventNode(without)));
    }

    [Fact]
    public void Apply_MergePatch_MergesDataAndRemovesNulls()
    {
        var definition = new ProjectionDefinition(Orders);
        var document = Fold(definition, null, Event("OrderPlaced", """{"status":"new","total":10,"note":"x"}"""));

        document = Fold(definition, document, Event("OrderPaid", """{"status":"paid","note":null}"""));

        Assert.Equal("""{"status":"paid","total":10}""", document!.ToJsonString());
    }

    [Fact]
    public void Apply_Rules_SetIncrementAppendRemoveDelete()
    {
        var definition = new ProjectionDefinition(Orders, Fold: new ProjectionFold(
        [
            new ProjectionRule("OrderPlaced", Set: new Dictionary<string, string> { ["/status"] = "/data/status", ["/customer/id"] = "/data/customerId" }),
            new ProjectionRule("OrderItemAdded", Increment: new Dictionary<string, decimal> { ["/items"] = 1 }, Append: new Dictionary<string, string> { ["/lines"] = "/data" }),
            new ProjectionRule("OrderNoteCleared", Remove: ["/customer/id", "/absent/member"]),
            new ProjectionRule("OrderCancelled", Delete: true),
        ]));

        var document = Fold(definition, null, Event("OrderPlaced", """{"status":"new","customerId":"c-1"}"""));
        document = Fold(definition, document, Event("OrderItemAdded", """{"sku":"a"}"""));
        document = Fold(definition, document, Event("OrderItemAdded", """{"sku":"b"}"""));
        document = Fold(definition, document, Event("OrderNoteCleared", "{}"));
        document = Fold(definition, document, Event("OrderUnknown", """{"status":"ignored"}"""));

        Assert.Equal("""{"status":"new","customer":{},"items":2,"lines":[{"sku":"a"},{"sku":"b"}]}""", document!.ToJsonString());
        Assert.Null(Fold(definition, document, Event("OrderCancelled", "{}")));
    }

    [Fact]
    public void Apply_RuleOnWrongShape_IsPoison()
    {
        var definition = new ProjectionDefinition(Orders, Fold: new ProjectionFold(
        [
            new ProjectionRule("OrderPlaced", Set: new Dictionary<string, string> { ["/items"] = "/data/items" }),
            new ProjectionRule("OrderItemAdded", Increment: new Dictionary<string, decimal> { ["/items"] = 1 }),
            new ProjectionRule("OrderPaid", Set: new Dictionary<string, string> { ["/paidAt"] = "/data/at" }),
        ]));
        var document = Fold(definition, null, Event("OrderPlaced", """{"items":"many"}"""));

        Assert.Throws<ProjectionRuleException>(() => Fold(definition, document, Event("OrderItemAdded", "{}")));
        Assert.Throws<ProjectionRuleException>(() => Fold(definition, document, Event("OrderPaid", "{}")));
    }
}
