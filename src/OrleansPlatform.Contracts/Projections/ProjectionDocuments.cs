namespace OrleansPlatform.Contracts.Projections;

/// <summary>One read-model document.</summary>
/// <param name="Id">Its partition key (the stream id, or the value <c>partitionBy</c> names).</param>
/// <param name="Version">How many events have changed it.</param>
/// <param name="Position">The global position of the last event that changed it.</param>
/// <param name="Data">The document, as JSON.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionDocument")]
public sealed record ProjectionDocument(
    [property: Id(0)] string Id,
    [property: Id(1)] long Version,
    [property: Id(2)] long Position,
    [property: Id(3)] string Data);

/// <summary>Comparison operators of document filters.</summary>
public enum DocumentFilterOp
{
    /// <summary>Equal.</summary>
    Eq,

    /// <summary>Not equal (a missing field is not equal).</summary>
    Ne,

    /// <summary>Greater than (numbers with numbers, strings with strings by ordinal order).</summary>
    Gt,

    /// <summary>Greater than or equal.</summary>
    Ge,

    /// <summary>Less than.</summary>
    Lt,

    /// <summary>Less than or equal.</summary>
    Le,

    /// <summary>A string field contains the value, or an array field has it as an element.</summary>
    Contains,
}

/// <summary>A filter on a document field.</summary>
/// <param name="Path">The field's path of member names (<c>customer.id</c> is <c>["customer","id"]</c>).</param>
/// <param name="Op">The comparison.</param>
/// <param name="Value">The value as a JSON literal: a number, <c>true</c>/<c>false</c>, or a string.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentFilter")]
public sealed record DocumentFilter(
    [property: Id(0)] IReadOnlyList<string> Path,
    [property: Id(1)] DocumentFilterOp Op,
    [property: Id(2)] string Value);

/// <summary>The order of a document query; documents with equal values are ordered by id.</summary>
/// <param name="Path">The field's path; empty: by id.</param>
/// <param name="Descending">Whether largest first.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentSort")]
public sealed record DocumentSort(
    [property: Id(0)] IReadOnlyList<string> Path,
    [property: Id(1)] bool Descending);

/// <summary>A page request over a projection's documents.</summary>
/// <param name="Filters">All must hold.</param>
/// <param name="Sort">The order; null: by id, ascending.</param>
/// <param name="Limit">Most documents on the page.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page with the same sort, or null for the first page.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentQuery")]
public sealed record DocumentQuery(
    [property: Id(0)] IReadOnlyList<DocumentFilter> Filters,
    [property: Id(1)] DocumentSort? Sort = null,
    [property: Id(2)] int Limit = 100,
    [property: Id(3)] string? Cursor = null);

/// <summary>A page of documents and the cursor of the next page (null at the end).</summary>
/// <param name="Documents">The documents.</param>
/// <param name="NextCursor">The next page's cursor.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentPage")]
public sealed record DocumentPage(
    [property: Id(0)] IReadOnlyList<ProjectionDocument> Documents,
    [property: Id(1)] string? NextCursor);
