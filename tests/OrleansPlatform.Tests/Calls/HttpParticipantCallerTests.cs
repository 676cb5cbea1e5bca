using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Calls;

/// <summary>The participant call layer against a real local HTTP service.</summary>
public sealed class HttpParticipantCallerTests : IAsyncLifetime
{
    private ParticipantServer _server = null!;
    private HttpParticipantCaller _caller = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await ParticipantServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:Services:payments"] = _server.BaseUrl }).Build();
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        _caller = new HttpParticipantCaller(_services.GetRequiredService<IHttpClientFactory>(), new ConfiguredServiceResolver(configuration));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Call_ServiceByName_SendsBodyAndHeadersAndReturnsTheAnswer()
    {
        _server.Respond = _ => ParticipantReply.Ok("""{"charged":true}""");

        var outcome = await _caller.CallAsync(Call(new CallTarget("POST", Service: "payments", Path: "/charge"), """{"amount":5}"""), CancellationToken.None);

        var request = Assert.Single(_server.To("/charge"));
        Assert.True(outcome.Succeeded);
        Assert.Equal("""{"charged":true}""", outcome.Body);
        Assert.Equal("""{"amount":5}""", request.Body);
        Assert.Equal("key-1", request.Header("Idempotency-Key"));
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    public async Task Call_ErrorStatus_FailsAndSaysWhetherARetryCanHelp(int status, bool retryable)
    {
        _server.Respond = _ => new ParticipantReply(status);

        var outcome = await _caller.CallAsync(Call(new CallTarget("POST", Url: _server.Url("/x"))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(status, outcome.StatusCode);
        Assert.Equal(retryable, outcome.Retryable);
    }

    [Fact]
    public async Task Call_SlowerThanItsTimeout_FailsRetryably()
    {
        _server.Respond = _ => new ParticipantReply(200, Delay: TimeSpan.FromSeconds(10));

        var outcome = await _caller.CallAsync(Call(new CallTarget("POST", Url: _server.Url("/slow")), timeout: TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.StatusCode);
        Assert.True(outcome.Retryable);
        Assert.Contains("did not answer", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_NothingListening_FailsRetryably()
    {
        var outcome = await _caller.CallAsync(Call(new CallTarget("POST", Url: $"http://127.0.0.1:{FreePorts.Next()}/x")), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retryable);
    }

    [Fact]
    public async Task Call_UnknownService_FailsWithoutCalling()
    {
        var outcome = await _caller.CallAsync(Call(new CallTarget("POST", Service: "nobody", Path: "/x")), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("nobody", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("POST", "http://a/x", null, null, true)]
    [InlineData("POST", null, "orders", "/x", true)]
    [InlineData("POST", "ftp://a/x", null, null, false)]
    [InlineData("POST", "http://a/x", "orders", "/x", false)]
    [InlineData("POST", null, "orders", "x", false)]
    [InlineData("POST", null, null, null, false)]
    [InlineData("PO ST", "http://a/x", null, null, false)]
    public void Problems_OfATarget_NameWhatIsWrong(string method, string? url, string? service, string? path, bool valid) =>
        Assert.Equal(valid, !new CallTarget(method, url, service, path).Problems().Any());

    private static ParticipantCall Call(CallTarget target, string? body = null, TimeSpan? timeout = null) =>
        new(target, body, new Dictionary<string, string> { ["Idempotency-Key"] = "key-1" }, timeout ?? TimeSpan.FromSeconds(5));
}
