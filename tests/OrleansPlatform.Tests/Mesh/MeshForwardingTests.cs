using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>Forwarding, trace context, timeouts and retries through <c>/api/v1/mesh</c>, against real local backends.</summary>
[Collection(MeshCollection.Name)]
public sealed class MeshForwardingTests(MeshPlatformFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Forward_HealthyInstance_SendsPathQueryBodyCallerAndDeadline()
    {
        var (service, backends) = await _client.ServiceAsync(1);
        backends[0].Respond = r => ParticipantReply.Ok($$"""{"echo":"{{r.Body.Length}}"}""");
        try
        {
            var request = MeshApi.Request(HttpMethod.Post, service, "/orders/42?expand=lines", "checkout");
            request.Content = JsonContent.Create(new { total = 42 });

            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("12", (await response.JsonAsync())["echo"].Str());
            var seen = Assert.Single(backends[0].Requests);
            Assert.Equal("POST", seen.Method);
            Assert.Equal("/orders/42", seen.Path);
            Assert.Equal("""{"total":42}""", seen.Body);
            Assert.Equal("checkout", seen.Header("X-Caller-Service"));
            Assert.InRange(long.Parse(seen.Header("X-Platform-Deadline")!, System.Globalization.CultureInfo.InvariantCulture), 1, 30_000);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Forward_WithTraceparent_TheBackendReceivesTheSameTrace()
    {
        var (service, backends) = await _client.ServiceAsync(1);
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try
        {
            var request = MeshApi.Request(HttpMethod.Get, service, "/traced");
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var traceparent = Assert.Single(backends[0].Requests).Header("traceparent");
            Assert.NotNull(traceparent);
            Assert.Equal(traceId, traceparent.Split('-')[1]);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Forward_NoInstanceRegistered_Returns503NamingTheRule()
    {
        var response = await _client.MeshGetAsync(Registry.RegistryApi.NewService(), "/x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("noHealthyInstance", await response.RuleAsync());
    }

    [Fact]
    public async Task Forward_NeverRegisteredService_IsNotHeldByTheGateway()
    {
        var service = Registry.RegistryApi.NewService();

        var response = await _client.MeshGetAsync(service, "/x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(fixture.Host.Service<OrleansPlatform.Gateway.Mesh.MeshCatalog>().Holds(service));
    }

    [Fact]
    public async Task Forward_SlowerThanTheTimeout_Returns504NamingTheRule()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { timeout = "00:00:00.300" });
        backends[0].Respond = _ => new ParticipantReply(200, Delay: TimeSpan.FromSeconds(20));
        try
        {
            var started = DateTime.UtcNow;
            var response = await _client.MeshGetAsync(service, "/slow");

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal("timeout", await response.RuleAsync());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Deadline_FromTheCaller_ShortensTheCallAndIsPassedOn()
    {
        var (service, backends) = await _client.ServiceAsync(1);
        backends[0].Respond = r => r.Path == "/slow" ? new ParticipantReply(200, Delay: TimeSpan.FromSeconds(20)) : ParticipantReply.Ok();
        try
        {
            var quick = MeshApi.Request(HttpMethod.Get, service, "/quick");
            quick.Headers.Add("X-Platform-Deadline", "2500");
            var slow = MeshApi.Request(HttpMethod.Get, service, "/slow");
            slow.Headers.Add("X-Platform-Deadline", "300");

            var passed = await _client.SendAsync(quick);
            var started = DateTime.UtcNow;
            var timedOut = await _client.SendAsync(slow);

            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            Assert.InRange(long.Parse(backends[0].To("/quick").Single().Header("X-Platform-Deadline")!, System.Globalization.CultureInfo.InvariantCulture), 1, 2500);
            Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
            Assert.Equal("timeout", await timedOut.RuleAsync());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_GetTimingOutEveryAttempt_TriesEachAttemptThenReturns504()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { timeout = "00:00:00.300", retry = new { maxAttempts = 2 } });
        backends[0].Respond = _ => new ParticipantReply(200, Delay: TimeSpan.FromSeconds(20));
        try
        {
            var response = await _client.MeshGetAsync(service, "/slow");

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal("timeout", await response.RuleAsync());
            Assert.Equal(2, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_PostWithoutIdempotencyKey_IsSentOnceAndItsFailureReturned()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { retry = new { maxAttempts = 3 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        try
        {
            var request = MeshApi.Request(HttpMethod.Post, service, "/charge");
            request.Content = JsonContent.Create(new { amount = 5 });

            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Single(backends[0].Requests);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_GetThatFailsOnce_IsRepeatedAndSucceeds()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { retry = new { maxAttempts = 3 } });
        var calls = 0;
        backends[0].Respond = _ => Interlocked.Increment(ref calls) == 1 ? new ParticipantReply(503) : ParticipantReply.Ok("""{"ok":true}""");
        try
        {
            var response = await _client.MeshGetAsync(service, "/flaky");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.JsonAsync())["ok"]!.GetValue<bool>());
            Assert.Equal(2, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_GetThatAlwaysFails_StopsAtMaxAttemptsWithTheLastAnswer()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { retry = new { maxAttempts = 3 } });
        backends[0].Respond = _ => new ParticipantReply(500, """{"from":"backend"}""");
        try
        {
            var response = await _client.MeshGetAsync(service, "/down");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("backend", (await response.JsonAsync())["from"].Str());
            Assert.Equal(3, backends[0].Requests.Count);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_PostWithIdempotencyKey_IsRepeatedWithItsWholeBody()
    {
        var (service, backends) = await _client.ServiceAsync(1, new { retry = new { maxAttempts = 2 } });
        var calls = 0;
        backends[0].Respond = _ => Interlocked.Increment(ref calls) == 1 ? new ParticipantReply(502) : ParticipantReply.Ok();
        try
        {
            var request = MeshApi.Request(HttpMethod.Post, service, "/charge");
            request.Headers.Add("Idempotency-Key", "charge-1");
            request.Content = JsonContent.Create(new { amount = 7 });

            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, backends[0].Requests.Count);
            Assert.All(backends[0].Requests, r => Assert.Equal("""{"amount":7}""", r.Body));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Retry_GetWithTwoInstances_TheRetryGoesToTheOtherInstance()
    {
        var (service, backends) = await _client.ServiceAsync(2, new { retry = new { maxAttempts = 2 } });
        backends[0].Respond = _ => new ParticipantReply(500);
        backends[1].Respond = _ => new ParticipantReply(500);
        try
        {
            var response = await _client.MeshGetAsync(service, "/both-down");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Single(backends[0].Requests);
            Assert.Single(backends[1].Requests);
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }
}
