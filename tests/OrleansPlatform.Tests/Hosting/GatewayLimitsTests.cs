using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Tests.Api;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>CORS, per-key rate limits, body limits, hashed keys and the role tables, on a host with keys configured.</summary>
[Collection(SecuredPlatformCollection.Name)]
public sealed class GatewayLimitsTests(SecuredPlatformFixture platform)
{
    [Fact]
    public async Task Preflight_AllowedOrigin_AnsweredWithCorsHeadersWithoutCredentials()
    {
        var response = await Preflight(SecuredPlatformFixture.AllowedOrigin);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(SecuredPlatformFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("x-api-key", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_OtherOrigin_GetsNoCorsHeaders()
    {
        var response = await Preflight("https://evil.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RateLimitedKey_OverItsBurst_Returns429WithRetryAfterWhileAnotherKeyPasses()
    {
        var url = $"/api/v1/streams/{NewStreamId()}";
        HttpResponseMessage? limited = null;
        // The bucket holds 2 and refills 1 a second: within 20 quick requests one is refused.
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await Send(HttpMethod.Get, url, SecuredPlatformFixture.LimitedKey);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        var other = await Send(HttpMethod.Get, url, SecuredPlatformFixture.ReaderKey);

        Assert.NotNull(limited);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After of at least a second");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Append_BodyOverMaxRequestBytes_Returns413Problem()
    {
        var big = new string('x', SecuredPlatformFixture.MaxRequestBytes);
        var body = JsonSerializer.Serialize(new { events = new[] { new { type = "Big", data = new { blob = big } } } });

        var response = await Send(HttpMethod.Post, $"/api/v1/streams/{NewStreamId()}/events", SecuredPlatformFixture.WriterKey, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecuredPlatformFixture.MaxRequestBytes, (await response.JsonAsync())["maxRequestBytes"].Long());
    }

    [Fact]
    public async Task HashedKey_Presented_IsAcceptedAndAWrongKeyIs401()
    {
        var url = $"/api/v1/streams/{NewStreamId()}";

        var accepted = await Send(HttpMethod.Get, url, SecuredPlatformFixture.HashedKey);
        var wrong = await Send(HttpMethod.Get, url, SecuredPlatformFixture.HashedKey + "x");
        var theHashItself = await Send(HttpMethod.Get, url, SecuredPlatformFixture.HashedKeyHash);

        Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, theHashItself.StatusCode);
    }

    [Fact]
    public async Task Publish_WithReaderKey_Returns403ByTheRoleTable()
    {
        var response = await Send(HttpMethod.Post, "/api/v1/topics/orders/events", SecuredPlatformFixture.ReaderKey, """{"type":"A","data":{}}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void ApiEndpoints_EachDeclareAPlatformRole()
    {
        string[] policies = [SecurityExtensions.ReadPolicy, SecurityExtensions.WritePolicy, SecurityExtensions.AdminPolicy];
        var endpoints = platform.Host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => policies.Contains(a.Policy)));
    }

    private Task<HttpResponseMessage> Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/streams/{NewStreamId()}/events");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        return platform.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string apiKey, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", apiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await platform.Client.SendAsync(request);
    }
}

/// <summary>Without <c>Platform:Cors:Origins</c> nothing answers with CORS headers.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class CorsDisabledTests(SqlitePlatformFixture platform)
{
    [Fact]
    public async Task Preflight_NoOriginsConfigured_GetsNoCorsHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/streams/{NewStreamId()}/events");
        request.Headers.Add("Origin", SecuredPlatformFixture.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await platform.Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
