namespace OrleansPlatform.Gateway.Documentation;

/// <summary>What the OpenAPI document says about one route: a summary, a description and the problems only it returns.</summary>
/// <param name="Summary">One line, shown in the route list.</param>
/// <param name="Description">What the route does and promises, in a few sentences (markdown).</param>
/// <param name="Problems">Statuses beyond the ones every route can answer (see <see cref="ApiProblems"/>), such as 404 or 409.</param>
public sealed record RouteDoc(string Summary, string Description, params int[] Problems)
{
    /// <summary>An example request body (JSON), shown in the OpenAPI document and the Scalar page.</summary>
    public string? RequestExample { get; init; }
}
