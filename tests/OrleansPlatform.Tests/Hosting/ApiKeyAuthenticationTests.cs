using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>What an API key turns into: roles and the caller identity the mesh reads.</summary>
public sealed class ApiKeyAuthenticationTests
{
    private const string PlainKey = "plain-key-0123456789";
    private const string HashedKey = "hashed-key-0123456789";

    [Fact]
    public async Task Authenticate_NamedHashedKey_GrantsItsRolesAndTheCallerClaim()
    {
        var result = await AuthenticateAsync(HashedKey);

        Assert.True(result.Succeeded);
        Assert.Equal("orders", PlatformClaims.CallerOf(result.Principal!));
        Assert.True(result.Principal!.IsInRole(PlatformRoles.Writer));
        Assert.True(result.Principal.IsInRole(PlatformRoles.Reader));
        Assert.False(result.Principal.IsInRole(PlatformRoles.Admin));
    }

    [Fact]
    public async Task Authenticate_UnnamedPlainKey_HasNoCallerClaim()
    {
        var result = await AuthenticateAsync(PlainKey);

        Assert.True(result.Succeeded);
        Assert.Null(PlatformClaims.CallerOf(result.Principal!));
    }

    [Theory]
    [InlineData("hashed-key-012345678")]
    [InlineData("hashed-key-0123456789 ")]
    public async Task Authenticate_WrongKey_Fails(string presented)
    {
        var result = await AuthenticateAsync(presented);

        Assert.False(result.Succeeded);
        Assert.Null(result.Principal);
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(string presented)
    {
        var security = new ApiSecurityOptions();
        security.ApiKeys.Add(new ApiKeyGrant { Key = PlainKey, Role = PlatformRoles.Reader });
        security.ApiKeys.Add(new ApiKeyGrant
        {
            KeyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HashedKey))),
            Role = PlatformRoles.Writer,
            Name = "orders",
        });
        var handler = new ApiKeyAuthenticationHandler(new SchemeOptions(), NullLoggerFactory.Instance, UrlEncoder.Default, new ApiKeyRing(Options.Create(security)));
        var context = new DefaultHttpContext();
        context.Request.Headers[ApiKeyAuthenticationHandler.Header] = presented;
        await handler.InitializeAsync(new AuthenticationScheme(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler)), context);
        return await handler.AuthenticateAsync();
    }

    private sealed class SchemeOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();

        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
