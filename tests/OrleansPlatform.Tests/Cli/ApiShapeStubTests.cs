using System.Net;
using System.Text;
using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

/// <summary>
/// Request sequences and exact query strings of the projections commands, checked against the shapes api.md
/// promises by a stub handler (the same commands run against a real host in <see cref="ProjectionCommandTests"/>).
/// </summary>
public sealed class ApiShapeStubTests
{
    private sealed class StubHandler(Func<HttpRequestMessage, (HttpStatusCode, string)> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            var (status, body) = answer(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private static async Task<CliRun> RunAsync(StubHandler handler, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["--url", "http://stub", .. args], new CliEnvironment(output, error, _ => null, handler));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ProjectionsRebuild_PollsUntilCaughtUp_ThenPrintsTheFinalStatus()
    {
        var polls = new Queue<string>([
            """{"name":"orders","status":"rebuilding","checkpoint":3,"head":10,"lagEvents":7,"building":{"checkpoint":3,"head":10}}""",
            """{"name":"orders","status":"running","checkpoint":10,"head":10,"lagEvents":0,"building":null}""",
        ]);
        var handler = new StubHandler(r => r.Method == HttpMethod.Post ? (HttpStatusCode.Accepted, "") : (HttpStatusCode.OK, polls.Dequeue()));

        var run = await RunAsync(handler, "projections", "rebuild", "orders", "--json");

        Assert.Equal((ExitCodes.Success, ""), (run.ExitCode, run.Error));
        Assert.Equal(10, run.Json()["checkpoint"]!.GetValue<int>());
        Assert.Equal(["POST /api/v1/projections/orders/rebuild", "GET /api/v1/projections/orders", "GET /api/v1/projections/orders"], handler.Requests);
    }

    [Fact]
    public async Task ProjectionsRebuild_Halted_ExitsFailed()
    {
        var handler = new StubHandler(r => r.Method == HttpMethod.Post
            ? (HttpStatusCode.Accepted, "")
            : (HttpStatusCode.OK, """{"name":"orders","status":"halted","checkpoint":4,"head":10,"lagEvents":6,"building":null}"""));

        var run = await RunAsync(handler, "projections", "rebuild", "orders");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("halted", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectionsQuery_SendsFiltersSortAndLimitAsTheContractNamesThem()
    {
        var handler = new StubHandler(_ => (HttpStatusCode.OK, """{"documents":[{"id":"o-1","version":2,"position":9,"data":{"status":"paid"}}],"nextCursor":null}"""));

        var run = await RunAsync(handler, "projections", "query", "orders", "--filter", "status:eq:paid", "--filter", "total:gt:10", "--sort", "-total", "--limit", "5", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("GET /api/v1/projections/orders/documents?filter=status%3Aeq%3Apaid&filter=total%3Agt%3A10&sort=-total&limit=5", Assert.Single(handler.Requests));
        Assert.Equal("o-1", run.Json()["documents"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerError_ExitsWithServerErrorAndProblemTitleAndDetail()
    {
        var handler = new StubHandler(_ => (HttpStatusCode.ServiceUnavailable, """{"status":503,"title":"Not ready","detail":"Storage is unavailable."}"""));

        var run = await RunAsync(handler, "status");

        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("error: 503 Not ready: Storage is unavailable.", run.Error.Trim());
    }
}
