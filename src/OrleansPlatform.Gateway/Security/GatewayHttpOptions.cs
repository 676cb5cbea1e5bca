namespace OrleansPlatform.Gateway.Security;

/// <summary><c>Platform:Cors</c>: which browser origins may call the API.</summary>
public sealed class PlatformCorsOptions
{
    public const string Section = "Platform:Cors";

    /// <summary>Allowed origins (<c>https://app.example.com</c>), or <c>*</c> for any. Empty: no CORS headers at all.</summary>
    public IList<string> Origins { get; } = new List<string>();
}

/// <summary>Request limits read from the <c>Platform</c> section.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Platform";

    /// <summary>Largest request body in bytes (<c>Platform:MaxRequestBytes</c>); larger requests get 413.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;
}
