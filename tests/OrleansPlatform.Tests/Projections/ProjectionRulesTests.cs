using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Tests.Projections;

/// <summary>Projection definitions are validated with errors naming the field at fault.</summary>
public sealed class ProjectionRulesTests
{
    private static readonly ProjectionSource Orders = new("order-", ["Order*"]);

    [Fact]
    public void Validate_FullDefinition_HasNoErrors()
    {
        var definition = new ProjectionDefinition(
            Orders,
            "/data/customerId",
            new ProjectionFold(
            [
                new ProjectionRule("OrderPlaced", Set: new Dictionary<string, string> { ["/status"] = "/data/status", ["/total"] = "/data/total" }),
                new ProjectionRule("ItemAdded", Increment: new Dictionary<string, decimal> { ["/items"] = 1 }, Append: new Dictionary<string, string> { ["/lines"] = "/data" }),
                new ProjectionRule("ItemRemoved", Remove: ["/lastItem"]),
                new ProjectionRule("OrderCancelled", Delete: true),
            ]),
            "42",
            ProjectionErrorMode.Halt);

        Assert.Empty(ProjectionRules.Validate("orders-by-customer", definition));
    }

    [Theory]
    [InlineData("order-totals", false, true)]
    [InlineData("no spaces", false, false)]
    [InlineData("order-totals", true, false)]
    public void Validate_CodeFold_ANameAndNoRules(string code, bool withRules, bool valid)
    {
        var fold = new ProjectionFold(withRules ? [new ProjectionRule("OrderPlaced", Delete: true)] : null, code, 2);

        var errors = ProjectionRules.Validate("order-totals", new ProjectionDefinition(Orders, Fold: fold));

        Assert.Equal(valid, errors.Count == 0);
        Assert.Equal(!valid, errors.ContainsKey("fold.code"));
        Assert.False(fold.IsMergePatch);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("earliest", true)]
    [InlineData("latest", true)]
    [InlineData("17", true)]
    [InlineData("-1", false)]
    [InlineData("yesterday", false)]
    public void TryParseStartFrom_Value_AcceptsOnlyKnownForms(string? startFrom, bool valid)
    {
        Assert.Equal(valid, ProjectionRules.TryParseStartFrom(startFrom, out _));
    }

    [Fact]
    public void TryParseStartFrom_Latest_IsNullAndPositionIsKept()
    {
        Assert.True(ProjectionRules.TryParseStartFrom("latest", out var latest));
        Assert.Null(latest);
        Assert.True(ProjectionRules.TryParseStartFrom("17", out var position));
        Assert.Equal(17, position);
    }

    [Theory]
    [InlineData("bad name", "name")]
    [InlineData("", "name")]
    public void Validate_BadName_NamesName(string name, string field)
    {
        var errors = ProjectionRules.Validate(name, new ProjectionDefinition(Orders));

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Validate_EmptySource_NamesSource()
    {
        var errors = ProjectionRules.Validate("p", new ProjectionDefinition(new ProjectionSource()));

        Assert.Equal(["source"], errors.Keys);
    }

    [Theory]
    [InlineData("data/customerId")]
    [InlineData("")]
    [InlineData("/data/~2")]
    public void Validate_BadPartitionBy_NamesPartitionBy(string partitionBy)
    {
        var errors = ProjectionRules.Validate("p", new ProjectionDefinition(Orders, partitionBy));

        Assert.Equal(["partitionBy"], errors.Keys);
    }

    [Fact]
    public void Validate_BadTypePattern_NamesItsIndex()
    {
        var errors = ProjectionRules.Validate("p", new ProjectionDefinition(new ProjectionSource(null, ["Order*", "bad type"])));

        Assert.Equal(["source.types[1]"], errors.Keys);
    }

    [Fact]
    public void Validate_BadRules_NameEachRuleAndMember()
    {
        var fold = new ProjectionFold(
        [
            new ProjectionRule("OrderPlaced"),
            new ProjectionRule("OrderCancelled", Set: new Dictionary<string, string> { ["/a"] = "/data/a" }, Delete: true),
            new ProjectionRule("ItemAdded", Set: new Dictionary<string, string> { ["status"] = "data/status" }),
            new ProjectionRule("ItemCounted", Increment: new Dictionary<string, decimal> { ["/items"] = 0 }),
            new ProjectionRule("ItemDropped", Remove: [""]),
        ]);

        var errors = ProjectionRules.Validate("p", new ProjectionDefinition(Orders, Fold: fold));

        Assert.Contains("fold.rules[0]", errors.Keys);
        Assert.Contains("fold.rules[1]", errors.Keys);
        Assert.Contains("fold.rules[2].set", errors.Keys);
        Assert.Contains("fold.rules[2].set.status", errors.Keys);
        Assert.Contains("fold.rules[3].increment./items", errors.Keys);
        Assert.Contains("fold.rules[4].remove", errors.Keys);
    }

    [Fact]
    public void Validate_EmptyRules_NamesFoldRules()
    {
        var errors = ProjectionRules.Validate("p", new ProjectionDefinition(Orders, Fold: new ProjectionFold([])));

        Assert.Equal(["fold.rules"], errors.Keys);
    }

    [Fact]
    public void EnsureValid_BadStartFrom_ThrowsValidationNamingStartFrom()
    {
        var error = Assert.Throws<PlatformValidationException>(() => ProjectionRules.EnsureValid("p", new ProjectionDefinition(Orders, StartFrom: "soon")));

        Assert.Equal(["startFrom"], error.Errors.Keys);
    }
}
