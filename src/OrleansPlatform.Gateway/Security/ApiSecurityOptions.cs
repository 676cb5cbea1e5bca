namespace OrleansPlatform.Gateway.Security;

/// <summary><c>Platform:Auth</c>: who may call <c>/api</c>.</summary>
public sealed class ApiSecurityOptions
{
    public const string Section = "Platform:Auth";

    /// <summary>API keys, each mapped to a role (and, for mesh callers, the service it speaks for).</summary>
    public IList<ApiKeyGrant> ApiKeys { get; } = new List<ApiKeyGrant>();

    /// <summary>Optional JWT bearer validation; the token's <c>role</c> claims carry the platform roles.</summary>
    public JwtSettings? Jwt { get; set; }

    public bool IsConfigured => ApiKeys.Count > 0 || Jwt is { IsConfigured: true };
}

/// <summary>One API key. Keys are compared in constant time and never logged.</summary>
public sealed class ApiKeyGrant
{
    /// <summary>The key in plain text; or leave it empty and set <see cref="KeyHash"/>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The SHA-256 of the key's UTF-8 bytes, hex: keeps the key itself out of configuration files.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary><c>admin</c>, <c>writer</c> or <c>reader</c>.</summary>
    public string Role { get; set; } = PlatformRoles.Reader;

    /// <summary>The caller's identity: the service this key speaks for (claim <see cref="PlatformClaims.Caller"/>).</summary>
    public string? Name { get; set; }

    /// <summary>Optional token bucket for this key's requests (shared by keys with the same <see cref="Name"/>).</summary>
    public KeyRateLimit? RateLimit { get; set; }

    // Options end up in dumps and debugger views: never show the secret.
    public override string ToString() => $"ApiKeyGrant {{ Name = {Name}, Role = {Role} }}";
}

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> requests a second on average, up to <see cref="Burst"/> at once.</summary>
public sealed record KeyRateLimit
{
    public int PermitsPerSecond { get; set; }

    /// <summary>The bucket's size; defaults to <see cref="PermitsPerSecond"/>.</summary>
    public int? Burst { get; set; }
}

public sealed class JwtSettings
{
    /// <summary>OpenID Connect authority whose signing keys validate tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>A shared HMAC signing key (at least 32 bytes), for deployments without an identity provider.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);

    public override string ToString() => $"JwtSettings {{ Authority = {Authority}, Issuer = {Issuer}, Audience = {Audience} }}";
}

/// <summary>The platform's roles; each includes the ones below it (admin ⊇ writer ⊇ reader).</summary>
public static class PlatformRoles
{
    public const string Admin = "admin";
    public const string Writer = "writer";
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> All = [Admin, Writer, Reader];

    /// <summary>The roles a holder of <paramref name="role"/> has, itself included.</summary>
    public static IEnumerable<string> Implied(string role) => role switch
    {
        Admin => All,
        Writer => [Writer, Reader],
        Reader => [Reader],
        _ => [],
    };
}
