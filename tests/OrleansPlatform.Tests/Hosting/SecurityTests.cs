using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Hosting;

public sealed class SecuredPlatformFixture : IAsyncLifetime
{
    public const string WriterKey = "writer-key-0123456789";
    public const string ReaderKey = "reader-key-0123456789";
    public const string SigningKey = "a-test-signing-key-of-at-least-32-bytes!";
    public const string LimitedKey = "limited-key-0123456789";
    public const string HashedKey = "hashed-reader-key-0123456789";
    public const string HashedKeyHash = "d74dfa8c8ee40e0c707e45aa61d58fc4382b2a2ddc4e6090d8c96e9ecbc5c50d";
    public const string AllowedOrigin = "https://app.example";
    public const int MaxRequestBytes = 64 * 1024;

    public PlatformHost Host { get; } = PlatformHost.Sqlite()
        .With("Platform:Auth:ApiKeys:0:Key", WriterKey).With("Platform:Auth:ApiKeys:0:Role", "writer")
        .With("Platform:Auth:ApiKeys:1:Key", ReaderKey).With("Platform:Auth:ApiKeys:1:Role", "reader")
        .With("Platform:Auth:ApiKeys:2:KeyHash", HashedKeyHash).With("Platform:Auth:ApiKeys:2:Role", "reader")
        .With("Platform:Auth:ApiKeys:3:Key", LimitedKey).With("Platform:Auth:ApiKeys:3:Role", "writer")
        .With("Platform:Auth:ApiKeys:3:Name", "limited-service")
        .With("Platform:Auth:ApiKeys:3:RateLimit:PermitsPerSecond", "1").With("Platform:Auth:ApiKeys:3:RateLimit:Burst", "2")
        .With("Platform:Auth:Jwt:SigningKey", SigningKey)
        .With("Platform:Cors:Origins:0", AllowedOrigin)
        .With("Platform:MaxRequestBytes", MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SecuredPlatformCollection : ICollectionFixture<SecuredPlatformFixture>
{
    public const string Name = "Platform with keys";
}

[Collection(SecuredPlatformCollection.Name)]
public sealed class SecurityTests(SecuredPlatformFixture platform)
{
    [Fact]
    public async Task Api_WithoutCredentials_Returns401Problem()
    {
        var response = await platform.Client.GetAsync($"/api/v1/streams/{NewStreamId()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_UnknownKey_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, $"/api/v1/streams/{NewStreamId()}", apiKey: "not-a-key-at-all-000")).StatusCode);
    }

    [Fact]
    public async Task Append_WithReaderKey_Returns403ButReadsAreAllowed()
    {
        var stream = NewStreamId();

        var write = await Send(HttpMethod.Post, $"/api/v1/streams/{stream}/events", apiKey: SecuredPlatformFixture.ReaderKey, body: AppendBody());
        var read = await Send(HttpMethod.Get, $"/api/v1/streams/{stream}", apiKey: SecuredPlatformFixture.ReaderKey);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Status_WithReaderKeyOrWithout_Returns200Or401()
    {
        var reader = await Send(HttpMethod.Get, "/api/v1/status", apiKey: SecuredPlatformFixture.ReaderKey);
        var anonymous = await platform.Client.GetAsync("/api/v1/status");

        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Append_WithWriterKey_Returns201()
    {
        var response = await Send(HttpMethod.Post, $"/api/v1/streams/{NewStreamId()}/events", apiKey: SecuredPlatformFixture.WriterKey, body: AppendBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Append_WithWriterJwt_Returns201AndForgedJwtIs401()
    {
        var good = Token(SecuredPlatformFixture.SigningKey, "writer");
        var forged = Token("another-signing-key-also-32-bytes-long!!", "admin");

        var accepted = await Send(HttpMethod.Post, $"/api/v1/streams/{NewStreamId()}/events", bearer: good, body: AppendBody());
        var rejected = await Send(HttpMethod.Post, $"/api/v1/streams/{NewStreamId()}/events", bearer: forged, body: AppendBody());

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithKeysConfigured_NeedsAnAdmin()
    {
        var anonymous = await platform.Client.GetAsync("/dashboard/");
        var writer = await Send(HttpMethod.Get, "/dashboard/", apiKey: SecuredPlatformFixture.WriterKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writer.StatusCode);
    }

    [Fact]
    public async Task Health_NeedsNoCredentials()
    {
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/health/live")).StatusCode);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? apiKey = null, string? bearer = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await platform.Client.SendAsync(request);
    }

    private static string AppendBody() => """{"events":[{"type":"Secured","data":{}}]}""";

    private static string Token(string signingKey, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "svc-test"), new Claim("role", role)]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
    });
}
