using Microsoft.AspNetCore.Http;

namespace OrleansPlatform.Gateway.Documentation;

/// <summary>The ProblemDetails statuses that follow from the gateway's pipeline rather than from one route.</summary>
public static class ApiProblems
{
    /// <summary>
    /// Every <c>/api</c> route: 400 for a malformed id or query, 401/403 when keys or JWTs are configured, 429 for a
    /// key over its rate limit, 503 when the cluster or its storage cannot answer.
    /// </summary>
    public static readonly IReadOnlyList<int> Always =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable,
    ];

    /// <summary>Routes that read a body: 413 above <c>Platform:MaxRequestBytes</c>.</summary>
    public static readonly IReadOnlyList<int> WithBody = [StatusCodes.Status413PayloadTooLarge];

    /// <summary>The statuses a route documents: its own, the pipeline's, and 413 when it takes a body.</summary>
    public static IEnumerable<int> For(string httpMethod, IEnumerable<int> own)
    {
        var takesBody = httpMethod is "POST" or "PUT" or "PATCH";
        return own.Concat(Always).Concat(takesBody ? WithBody : []).Distinct().Order();
    }
}
