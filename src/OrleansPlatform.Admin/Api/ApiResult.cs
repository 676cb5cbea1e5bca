using System.Net;

namespace OrleansPlatform.Admin.Api;

/// <summary>What an API call answered: the body on success, otherwise the status and the problem's words.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Problem)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The API refused the caller's credentials (401) or role (403).</summary>
    public bool Denied => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    public bool NotFound => Status == HttpStatusCode.NotFound;

    /// <summary>A line to show the user when the call did not succeed.</summary>
    public string Message => Problem is { Length: > 0 } problem ? $"{(int)Status}: {problem}" : $"{(int)Status} {Status}";
}
