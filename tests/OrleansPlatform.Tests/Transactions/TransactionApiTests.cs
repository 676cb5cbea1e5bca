using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Transactions.TransactionApiExtensions;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>Two-phase commit over HTTP (api.md) with real local participants, run once per storage backend.</summary>
public abstract class TransactionApiTests(HttpClient client, PlatformHost host) : IAsyncLifetime
{
    private ParticipantServer _server = null!;
    private TwoPhaseParticipant _participant = null!;

    public async Task InitializeAsync()
    {
        _server = await ParticipantServer.StartAsync();
        _participant = new TwoPhaseParticipant(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_ThreeParticipantsPrepare_CommitsEachOnceWithTransactionHeaders()
    {
        var id = NewTransactionId();

        var response = await client.StartTransactionAsync(id, "00:00:10",
            Participant(_server, "a", prepareBody: new { amount = 5 }), Participant(_server, "b"), Participant(_server, "c"));
        var transaction = await client.FinishedAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.JsonAsync())["transactionId"].Str());
        Assert.Equal("committed", transaction["status"].Str());
        foreach (var name in new[] { "a", "b", "c" })
        {
            var prepare = Assert.Single(_server.To($"/{name}/prepare"));
            var commit = Assert.Single(_server.To($"/{name}/commit"));
            Assert.Empty(_server.To($"/{name}/abort"));
            Assert.Equal(id, prepare.Header("X-Transaction-Id"));
            Assert.Equal(name, commit.Header("X-Transaction-Branch"));
            Assert.Equal($"{id}/{name}/prepare", prepare.Header("Idempotency-Key"));
            Assert.Equal($"{id}/{name}/commit", commit.Header("Idempotency-Key"));
            Assert.Equal("committed", _participant.StateOf(id, name));
            var branch = transaction.Branch(name);
            Assert.Equal("prepared", branch["vote"].Str());
            Assert.Equal("committed", branch["outcome"].Str());
            Assert.Equal(1, branch["attempts"]!.GetValue<int>());
        }

        // The journal: the decision is an entry of its own, before the phase-two round.
        var journal = await host.Service<IEventLog>().ReadStreamAsync($"$tx:{id}", 1, 100, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal(["TransactionStarted.v1", "TransactionDecided.v1", "TransactionPhaseTwoRound.v1", "TransactionCompleted.v1"], journal.Select(e => e.Type));
        Assert.Equal(journal[2].Version, journal[3].Version - 1);

        var body = System.Text.Json.Nodes.JsonNode.Parse(_server.To("/a/prepare")[0].Body)!;
        Assert.Equal(id, body["transactionId"].Str());
        Assert.Equal("a", body["branch"].Str());
        Assert.Equal(5, body["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_OneParticipantVotesNo_AbortsEveryParticipantIncludingThePreparedOnes()
    {
        var id = NewTransactionId();
        _participant.VoteNo[$"{id}/b"] = true;

        await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"), Participant(_server, "b"), Participant(_server, "c"));
        var transaction = await client.FinishedAsync(id);

        Assert.Equal("aborted", transaction["status"].Str());
        Assert.Contains("'b'", transaction["reason"].Str(), StringComparison.Ordinal);
        Assert.Equal("voteNo", transaction.Branch("b")["vote"].Str());
        Assert.Equal("prepared", transaction.Branch("a")["vote"].Str());
        foreach (var name in new[] { "a", "b", "c" })
        {
            // The branch that voted no gets its abort too: it answers 2xx although it prepared nothing (empty rollback).
            Assert.Single(_server.To($"/{name}/abort"));
            Assert.Empty(_server.To($"/{name}/commit"));
            Assert.Equal("aborted", transaction.Branch(name)["outcome"].Str());
            Assert.Equal("aborted", _participant.StateOf(id, name));
        }
    }

    [Fact]
    public async Task Start_PrepareTimesOut_AbortsAllAndTheLatePrepareIsRefused()
    {
        var id = NewTransactionId();
        // The slow prepare hangs far beyond the timeout (its delay ends when the coordinator gives up on the call),
        // and the timeout leaves the fast branch ample time to prepare even on a loaded machine.
        _participant.SlowPrepare["slow"] = TimeSpan.FromMinutes(5);

        await client.StartTransactionAsync(id, "00:00:05", Participant(_server, "fast"), Participant(_server, "slow"));
        var transaction = await client.FinishedAsync(id);

        Assert.Equal("aborted", transaction["status"].Str());
        Assert.Equal("timeout", transaction.Branch("slow")["vote"].Str());
        Assert.Equal("prepared", transaction.Branch("fast")["vote"].Str());
        // The coordinator aborts the branch whose prepare timed out as well.
        Assert.Single(_server.To("/slow/abort"));
        Assert.Single(_server.To("/fast/abort"));

        // A hanging prepare: the same prepare delivered again after the abort (as a network would, late) is refused,
        // because the participant remembers the abort.
        var late = _server.To("/slow/prepare")[0];
        using var replay = new HttpRequestMessage(HttpMethod.Post, _server.Url("/slow/prepare")) { Content = new StringContent(late.Body) };
        foreach (var header in new[] { "X-Transaction-Id", "X-Transaction-Branch", "Idempotency-Key" })
        {
            replay.Headers.Add(header, late.Header(header));
        }

        using var http = new HttpClient();
        var refused = await http.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("aborted", _participant.StateOf(id, "slow"));
    }

    [Fact]
    public async Task Start_CommitsFailForAWhile_RetriesPhaseTwoUntilAcknowledged()
    {
        var id = NewTransactionId();
        _participant.PhaseTwoDown = true;

        await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"), Participant(_server, "b"));
        var failing = await Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/transactions/{id}"),
            t => t.Branch("a")["attempts"]!.GetValue<int>() >= 2 && t.Branch("b")["attempts"]!.GetValue<int>() >= 2);
        _participant.PhaseTwoDown = false;
        var transaction = await client.FinishedAsync(id);

        Assert.Equal("committing", failing["status"].Str());
        Assert.Contains("503", failing.Branch("a")["lastError"].Str(), StringComparison.Ordinal);
        Assert.Equal("committed", transaction["status"].Str());
        Assert.True(transaction.Branch("a")["attempts"]!.GetValue<int>() >= 3);
        Assert.Empty(_server.To("/a/abort"));
        Assert.All(_server.To("/a/commit"), r => Assert.Equal($"{id}/a/commit", r.Header("Idempotency-Key")));
        Assert.Equal(1, _participant.Deliveries[$"{id}/a/commit"]);
    }

    [Fact]
    public async Task Start_SameIdTwice_ReturnsTheExistingTransactionAndRunsItOnce()
    {
        var id = NewTransactionId();

        var first = await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"), Participant(_server, "b"));
        var second = await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"), Participant(_server, "b"));
        var different = await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"));
        await client.FinishedAsync(id);
        var third = await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"), Participant(_server, "b"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("committed", (await third.JsonAsync())["status"].Str());
        Assert.Single(_server.To("/a/prepare"));
        Assert.Single(_server.To("/b/commit"));
    }

    [Theory]
    [InlineData("""{"participants":[]}""", "participants")]
    [InlineData("""{"transactionId":"no spaces","participants":[{"prepare":{"url":"http://127.0.0.1:1/p"},"commit":{"url":"http://127.0.0.1:1/c"},"abort":{"url":"http://127.0.0.1:1/a"}}]}""", "transactionId")]
    [InlineData("""{"participants":[{"prepare":{"url":"http://127.0.0.1:1/p"},"abort":{"url":"http://127.0.0.1:1/a"}}]}""", "participants[0].commit")]
    [InlineData("""{"participants":[{"prepare":{"url":"ftp://x/p"},"commit":{"url":"http://127.0.0.1:1/c"},"abort":{"url":"http://127.0.0.1:1/a"}}]}""", "participants[0].prepare")]
    [InlineData("""{"participants":[{"prepare":{"path":"/p"},"commit":{"path":"/c"},"abort":{"path":"/a"}}]}""", "participants[0].prepare")]
    [InlineData("""{"participants":[{"service":"s","prepare":{"path":"p"},"commit":{"path":"/c"},"abort":{"path":"/a"}}]}""", "participants[0].prepare")]
    [InlineData("""{"participants":[{"name":"x","service":"s","prepare":{"path":"/p"},"commit":{"path":"/c"},"abort":{"path":"/a"}},{"name":"x","service":"s","prepare":{"path":"/p"},"commit":{"path":"/c"},"abort":{"path":"/a"}}]}""", "participants[1].name")]
    [InlineData("""{"timeout":"-00:00:01","participants":[{"service":"s","prepare":{"path":"/p"},"commit":{"path":"/c"},"abort":{"path":"/a"}}]}""", "timeout")]
    [InlineData("""{"participants":[{"service":"s","prepare":{"path":"/p","body":[1]},"commit":{"path":"/c"},"abort":{"path":"/a"}}]}""", "participants[0].prepare")]
    public async Task Start_InvalidRequest_Returns400NamingTheField(string json, string field)
    {
        var response = await client.PostAsync("/api/v1/transactions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"errors name {field}: {problem}");
    }

    [Fact]
    public async Task Get_WithWait_AnswersOnceTheTransactionIsFinished()
    {
        var id = NewTransactionId();
        _participant.SlowPrepare["a"] = TimeSpan.FromMilliseconds(300);

        await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"));
        var transaction = await client.GetJsonAsync($"/api/v1/transactions/{id}?wait=20s");

        Assert.Equal("committed", transaction["status"].Str());
    }

    [Fact]
    public async Task Get_UnknownTransaction_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/transactions/{NewTransactionId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Statistics_AfterACommitAndAnAbort_CountBothWithRateAndDurations()
    {
        var (committed, aborted) = (NewTransactionId(), NewTransactionId());
        _participant.VoteNo[$"{aborted}/a"] = true;
        await client.StartTransactionAsync(committed, "00:00:10", Participant(_server, "a"));
        await client.StartTransactionAsync(aborted, "00:00:10", Participant(_server, "a"));
        await client.FinishedAsync(committed);
        await client.FinishedAsync(aborted);

        var statistics = await Eventually.MatchAsync(
            () => client.GetJsonAsync("/api/v1/transactions/statistics"),
            s => s["byStatus"]!["committed"].Long() >= 1 && s["byStatus"]!["aborted"].Long() >= 1);

        var rate = statistics["commitRate"]!.GetValue<double>();
        Assert.InRange(rate, 0.0001, 0.9999);
        Assert.True(statistics["durationP50Ms"]!.GetValue<double>() >= 0);
        Assert.True(statistics["durationP99Ms"]!.GetValue<double>() >= statistics["durationP50Ms"]!.GetValue<double>());
        Assert.True(statistics["total"].Long() >= 2);
    }

    [Fact]
    public async Task List_StatusAndTimeFilterWithPaging_ReturnsEachMatchingTransactionOnce()
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O"));
        var (c1, c2, aborted) = (NewTransactionId(), NewTransactionId(), NewTransactionId());
        _participant.VoteNo[$"{aborted}/a"] = true;
        foreach (var id in new[] { c1, c2, aborted })
        {
            await client.StartTransactionAsync(id, "00:00:10", Participant(_server, "a"));
        }

        foreach (var id in new[] { c1, c2, aborted })
        {
            await client.FinishedAsync(id);
        }

        var abortedPage = await Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/transactions?status=aborted&from={from}"),
            l => l["transactions"]!.AsArray().Any(t => t!["transactionId"].Str() == aborted));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/transactions?status=committed&from={from}&limit=1{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            seen.AddRange(page["transactions"]!.AsArray().Select(t => t!["transactionId"].Str()!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && seen.Count < 100);

        Assert.All(abortedPage["transactions"]!.AsArray(), t => Assert.Equal("aborted", t!["status"].Str()));
        Assert.Contains(c1, seen);
        Assert.Contains(c2, seen);
        Assert.DoesNotContain(aborted, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(1, abortedPage["transactions"]!.AsArray().Single(t => t!["transactionId"].Str() == aborted)!["participants"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("status=pending", "status")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        var response = await client.GetAsync($"/api/v1/transactions?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync())["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Statistics_FromAfterEverything_CountsNothing()
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));

        var statistics = await client.GetJsonAsync($"/api/v1/transactions/statistics?from={from}");

        Assert.Equal(0, statistics["total"].Long());
        Assert.Null(statistics["durationP50Ms"]);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteTransactionApiTests(SqlitePlatformFixture fixture) : TransactionApiTests(fixture.Client, fixture.Host);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresTransactionApiTests(PostgresPlatformFixture fixture) : TransactionApiTests(fixture.Client, fixture.Host);
