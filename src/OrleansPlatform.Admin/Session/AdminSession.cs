using OrleansPlatform.Admin.Api;

namespace OrleansPlatform.Admin.Session;

/// <summary>
/// The signed-in user of one page or circuit: the credential the UI calls the API with, and the roles the API says it
/// grants (from <c>GET /api/v1/auth/me</c>), which decide which buttons the UI shows. The API still checks every call.
/// </summary>
public sealed class AdminSession(CredentialCookie cookie)
{
    public string? Credential { get; private set; }

    public SessionState State { get; private set; } = SessionState.Unknown;

    public string? Caller { get; private set; }

    /// <summary>False when the API is open (no credentials configured, loopback only): everyone is an admin.</summary>
    public bool Authenticated { get; private set; }

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public string? Problem { get; private set; }

    public bool CanWrite => Roles.Contains("writer");

    public bool IsAdmin => Roles.Contains("admin");

    public string Role => IsAdmin ? "admin" : CanWrite ? "writer" : Roles.Count > 0 ? "reader" : "none";

    /// <summary>Takes the credential from the encrypted cookie value the page was rendered with.</summary>
    public void Use(string? ticket)
    {
        if (State == SessionState.Unknown)
        {
            Credential = cookie.Read(ticket);
        }
    }

    /// <summary>Asks the API who the credential makes the user.</summary>
    public async Task LoadAsync(PlatformApi api, CancellationToken cancellationToken = default)
    {
        if (State != SessionState.Unknown)
        {
            return;
        }

        var me = await api.GetAsync<WhoAmI>("api/v1/auth/me", cancellationToken);
        if (me is { Ok: true, Value: { } who })
        {
            (Caller, Authenticated, Roles, State) = (who.Caller, who.Authenticated, who.Roles, SessionState.SignedIn);
        }
        else
        {
            (Problem, State) = (me.Message, me.Denied ? SessionState.SignInRequired : SessionState.Failed);
        }
    }
}

public enum SessionState
{
    Unknown,
    SignedIn,
    SignInRequired,
    Failed,
}

/// <summary>The body of <c>GET /api/v1/auth/me</c>.</summary>
public sealed record WhoAmI(
    string? Caller,
    bool Authenticated,
    IReadOnlyList<string> Roles);
