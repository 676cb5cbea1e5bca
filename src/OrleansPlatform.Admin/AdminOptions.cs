namespace OrleansPlatform.Admin;

/// <summary><c>Platform:Admin</c>: the admin UI at <c>/admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Platform:Admin";

    /// <summary>
    /// Where the UI's server side reaches this process's own API (such as <c>http://127.0.0.1:5080</c>); by default
    /// the first address the server listens on, with a wildcard host replaced by loopback.
    /// </summary>
    public Uri? ApiAddress { get; set; }

    /// <summary>
    /// A directory shared by every gateway process (a mounted volume), where the data-protection keys that encrypt the
    /// credential cookie, antiforgery tokens and Blazor circuit state are kept, so any gateway reads what another wrote.
    /// Unset: ASP.NET Core's default per-machine location. The keys are stored unencrypted; restrict the directory.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>How often live views (overview, sagas, subscriptions) refresh.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
