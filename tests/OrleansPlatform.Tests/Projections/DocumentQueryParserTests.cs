using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Tests.Projections;

/// <summary>Bad document queries are validation errors naming the parameter at fault.</summary>
public sealed class DocumentQueryParserTests
{
    [Theory]
    [InlineData("status", "filter[0]")]
    [InlineData("status:like:x", "filter[0]")]
    [InlineData("a..b:eq:x", "filter[0]")]
    [InlineData("a;drop:eq:x", "filter[0]")]
    public void Parse_BadFilter_NamesIt(string filter, string field)
    {
        var error = Assert.Throws<PlatformValidationException>(() => DocumentQueryParser.Parse([filter], null, null, null));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void Parse_BadSortAndLimit_NamesBoth()
    {
        var error = Assert.Throws<PlatformValidationException>(() => DocumentQueryParser.Parse([], "-", 0, null));

        Assert.Equal(["limit", "sort"], error.Errors.Keys.Order());
    }
}
