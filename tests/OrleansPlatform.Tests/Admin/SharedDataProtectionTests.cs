using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using OrleansPlatform.Admin;
using OrleansPlatform.Admin.Session;

namespace OrleansPlatform.Tests.Admin;

/// <summary>Several gateways behind one load balancer: a cookie one gateway wrote must decrypt on another.</summary>
public sealed class SharedDataProtectionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "admin-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void CredentialCookie_SameKeysDirectory_ReadsOnAnotherGateway()
    {
        var shared = Path.Combine(_root, "shared");
        using var first = Gateway(shared);
        using var second = Gateway(shared);

        var ticket = WriteCookie(first, "admin-key-42");

        Assert.Equal("admin-key-42", second.GetRequiredService<CredentialCookie>().Read(ticket));
        Assert.NotEmpty(Directory.GetFiles(shared, "key-*.xml"));
    }

    [Fact]
    public void CredentialCookie_DifferentKeysDirectories_DoesNotReadOnAnotherGateway()
    {
        using var first = Gateway(Path.Combine(_root, "one"));
        using var second = Gateway(Path.Combine(_root, "two"));

        var ticket = WriteCookie(first, "admin-key-42");

        Assert.Equal("admin-key-42", first.GetRequiredService<CredentialCookie>().Read(ticket));
        Assert.Null(second.GetRequiredService<CredentialCookie>().Read(ticket));
    }

    private static ServiceProvider Gateway(string keysDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{AdminOptions.Section}:KeysDirectory"] = keysDirectory })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddPlatformAdmin();
        return services.BuildServiceProvider();
    }

    private static string WriteCookie(IServiceProvider gateway, string credential)
    {
        var context = new DefaultHttpContext();
        gateway.GetRequiredService<CredentialCookie>().Write(context, credential);
        var cookie = SetCookieHeaderValue.Parse(context.Response.Headers.SetCookie.ToString());
        return cookie.Value.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
