using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Grains.Schemas;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>The declarative upcast rules, on data and on the set of members an event is sure to have.</summary>
public sealed class UpcastRulesTests
{
    [Theory]
    [InlineData("""[{"rename":{"/amount":"/total"}}]""", """{"amount":1,"x":2}""", """{"x":2,"total":1}""")]
    [InlineData("""[{"move":{"/a":"/b/c"}}]""", """{"a":{"n":1}}""", """{"b":{"c":{"n":1}}}""")]
    [InlineData("""[{"default":{"/currency":"EUR"}}]""", """{"currency":"USD"}""", """{"currency":"USD"}""")]
    [InlineData("""[{"default":{"/p/q":[1]}}]""", """{}""", """{"p":{"q":[1]}}""")]
    [InlineData("""[{"remove":["/legacy","/absent"]}]""", """{"legacy":1,"k":true}""", """{"k":true}""")]
    [InlineData("""[{"rename":{"/absent":"/x"}}]""", """{"k":1}""", """{"k":1}""")]
    [InlineData("""[{"rename":{"/a~1b":"/c~0d"}}]""", """{"a/b":1}""", """{"c~d":1}""")]
    public void Apply_Rule_ReshapesTheData(string rules, string data, string expected)
    {
        var node = JsonNode.Parse(data)!.AsObject();

        UpcastRules.Parse(rules, "rules").Apply(node);

        Assert.Equal(expected, node.ToJsonString());
    }

    [Theory]
    [InlineData("""{"rename":{}}""")]
    [InlineData("""[{"rename":{"amount":"/total"}}]""")]
    [InlineData("""[{"rename":{"/amount":3}}]""")]
    [InlineData("""[{"explode":["/a"]}]""")]
    [InlineData("""[{"remove":"/a"}]""")]
    [InlineData("""[{"rename":{"/a":"/b"},"remove":["/c"]}]""")]
    public void Parse_Malformed_IsAValidationErrorNamingTheField(string rules)
    {
        var error = Assert.Throws<PlatformValidationException>(() => UpcastRules.Parse(rules, "upcastFrom.rules"));

        Assert.StartsWith("upcastFrom.rules", error.Errors.Keys.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyTo_Presence_FollowsMovesDefaultsAndRemovals()
    {
        var present = new HashSet<string>(["/amount", "/legacy", "/customer", "/customer/id"], StringComparer.Ordinal);

        UpcastRules.Parse("""[{"move":{"/customer":"/buyer"}},{"rename":{"/nothing":"/x"}},{"default":{"/meta/source":"import"}},{"remove":["/legacy"]}]""", "r")
            .ApplyTo(present);

        Assert.Equal(["/amount", "/buyer", "/buyer/id", "/meta", "/meta/source"], present.Order(StringComparer.Ordinal).ToArray());
    }
}
