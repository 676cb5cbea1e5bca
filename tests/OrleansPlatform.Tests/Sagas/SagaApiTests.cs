using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>Saga instances over HTTP against real local participants, once per storage backend.</summary>
public abstract class SagaApiTests(HttpClient client) : IAsyncLifetime
{
    private ParticipantServer _participant = null!;

    public async Task InitializeAsync() => _participant = await ParticipantServer.StartAsync();

    public async Task DisposeAsync() => await _participant.DisposeAsync();

    [Fact]
    public async Task Start_IndependentStepsThenJoin_RunsThemInParallelAndCompletesWithMappedBodies()
    {
        // Parallel means both independent calls are in flight at once: each of /a and /b answers only once the other
        // has arrived, so run one after the other they would never both see it (no wall-clock bound involved).
        var arrived = new ConcurrentDictionary<string, int>();
        var sawTheOtherInFlight = new ConcurrentDictionary<string, bool>();
        var order = 0;
        _participant.Respond = r =>
        {
            arrived.TryAdd(r.Path, Interlocked.Increment(ref order));
            if (r.Path is "/a" or "/b")
            {
                var other = r.Path == "/a" ? "/b" : "/a";
                var saw = SpinWait.SpinUntil(() => arrived.ContainsKey(other), TimeSpan.FromSeconds(20));
                sawTheOtherInFlight.AddOrUpdate(r.Path, saw, (_, before) => before && saw);
                return new ParticipantReply(200, $$"""{"id":"{{r.Path[1..]}}-1"}""");
            }

            return ParticipantReply.Ok("""{"done":true}""");
        };
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a") },
                new { name = "b", action = Call(_participant, "/b") },
                new { name = "c", action = Call(_participant, "/c", new Dictionary<string, string> { ["/total"] = "/input/total", ["/refs/a"] = "/outputs/a/id" }), dependsOn = After("a", "b") },
            },
        });

        var sagaId = await client.StartAsync(definition, new { total = 42 });
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.True(sawTheOtherInFlight["/a"] && sawTheOtherInFlight["/b"], "a and b were in flight at the same time");
        Assert.True(arrived["/c"] > arrived["/a"] && arrived["/c"] > arrived["/b"]);
        var c = Assert.Single(_participant.To("/c"));
        Assert.Equal("""{"total":42,"refs":{"a":"a-1"}}""", c.Body);
        Assert.Equal($"{sagaId}:c:action", c.Header("Idempotency-Key"));
        Assert.Equal(sagaId, c.Header("X-Saga-Id"));
        var a = Assert.Single(_participant.To("/a"));
        Assert.Equal(42, JsonNode.Parse(a.Body)!["input"]!["total"]!.GetValue<int>());
        Assert.Equal("b-1", saga.Step("b")["output"]!["id"].Str());
        Assert.All(saga["steps"]!.AsArray(), s => Assert.Equal("succeeded", s!["status"].Str()));
        Assert.Equal(1, saga["version"]!.GetValue<int>());
        Assert.Equal(definition, saga["definition"].Str());
    }

    [Fact]
    public async Task Start_LateStepFails_CompensatesCompletedStepsInReverseCompletionOrder()
    {
        _participant.Respond = r => r.Path == "/c" ? new ParticipantReply(400, """{"error":"card declined"}""") : ParticipantReply.Ok();
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "b", action = Call(_participant, "/b"), compensation = Call(_participant, "/undo-b"), dependsOn = After("a") },
                new { name = "c", action = Call(_participant, "/c"), compensation = Call(_participant, "/undo-c"), dependsOn = After("b") },
            },
        });

        var sagaId = await client.StartAsync(definition);
        var saga = await client.WaitForAsync(sagaId, "compensated");

        var undone = _participant.Requests.Where(r => r.Path.StartsWith("/undo", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.Equal(["/undo-b", "/undo-a"], undone);
        Assert.Equal("failed", saga.Step("c")["status"].Str());
        Assert.Equal(1, saga.Step("c")["attempts"]!.GetValue<int>()); // a 400 is not worth retrying
        Assert.Equal("compensated", saga.Step("a")["status"].Str());
        Assert.Equal("c", saga["failedStep"].Str());
        Assert.Contains("400", saga["reason"].Str(), StringComparison.Ordinal);
        Assert.Equal($"{sagaId}:b:compensate", _participant.To("/undo-b")[0].Header("Idempotency-Key"));
        Assert.Equal(["b", "a"], saga.HistoryTypes("StepCompensated.v1"));
    }

    [Fact]
    public async Task Start_ParallelCompensation_UndoesEveryCompletedStepAtOnce()
    {
        var undoing = 0;
        var maxUndoing = 0;
        _participant.Respond = r =>
        {
            if (r.Path == "/c")
            {
                return new ParticipantReply(422);
            }

            if (r.Path.StartsWith("/undo", StringComparison.Ordinal))
            {
                var now = Interlocked.Increment(ref undoing);
                InterlockedMax(ref maxUndoing, now);
                _ = Task.Delay(400).ContinueWith(_ => Interlocked.Decrement(ref undoing), TaskScheduler.Default);
                return new ParticipantReply(200, "{}", TimeSpan.FromMilliseconds(400));
            }

            return ParticipantReply.Ok();
        };
        var definition = await client.DefineAsync(new
        {
            compensation = "parallel",
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "b", action = Call(_participant, "/b"), compensation = Call(_participant, "/undo-b") },
                new { name = "c", action = Call(_participant, "/c"), dependsOn = After("a", "b") },
            },
        });

        var saga = await client.WaitForAsync(await client.StartAsync(definition), "compensated");

        Assert.Single(_participant.To("/undo-a"));
        Assert.Single(_participant.To("/undo-b"));
        Assert.Equal(2, maxUndoing);
        Assert.Equal("compensated", saga.Step("b")["status"].Str());
    }

    [Fact]
    public async Task Start_StepFailsTwiceThenSucceeds_RetriesWithBackoffUnderOneIdempotencyKey()
    {
        var calls = 0;
        _participant.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new ParticipantReply(503) : ParticipantReply.Ok("""{"ok":1}""");
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "flaky", action = Call(_participant, "/flaky"), retry = new { maxAttempts = 3, backoff = "exponential", initial = "00:00:00.050" } },
            },
        });

        var sagaId = await client.StartAsync(definition);
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(3, saga.Step("flaky")["attempts"]!.GetValue<int>());
        var requests = _participant.To("/flaky");
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.Equal(2, saga.HistoryTypes("StepRetryScheduled.v1").Count);
    }

    [Fact]
    public async Task Start_StepNeverAnswersInTime_TimesOutEachAttemptThenCompensates()
    {
        _participant.Respond = r => r.Path == "/slow" ? new ParticipantReply(200, "{}", TimeSpan.FromSeconds(5)) : ParticipantReply.Ok();
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "slow", action = Call(_participant, "/slow"), timeout = "00:00:00.200", retry = new { maxAttempts = 2, backoff = "fixed", initial = "00:00:00.050" }, dependsOn = After("a") },
            },
        });

        var saga = await client.WaitForAsync(await client.StartAsync(definition), "compensated");

        Assert.Equal(2, saga.Step("slow")["attempts"]!.GetValue<int>());
        Assert.Contains("did not answer", saga.Step("slow")["error"].Str(), StringComparison.Ordinal);
        Assert.Single(_participant.To("/undo-a"));
    }

    [Fact]
    public async Task Start_SagaOutlivesItsTimeout_CompensatesAndEndsTimedOut()
    {
        var definition = await client.DefineAsync(new
        {
            timeout = "00:00:00.500",
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "approval", action = new { signal = "approved" }, dependsOn = After("a") },
            },
        });

        var saga = await client.WaitForAsync(await client.StartAsync(definition), "timedOut");

        Assert.Single(_participant.To("/undo-a"));
        Assert.Equal("compensated", saga.Step("a")["status"].Str());
        Assert.Contains("timeout", saga["reason"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WhileWaiting_CompensatesWhatCompletedAndEndsCancelled()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "approval", action = new { signal = "approved" }, dependsOn = After("a") },
            },
        });
        var sagaId = await client.StartAsync(definition);
        await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/sagas/{sagaId}"), s => s.Step("approval")["status"].Str() == "running");

        var cancel = await client.PostAsync($"/api/v1/sagas/{sagaId}/cancel", null);
        var saga = await client.WaitForAsync(sagaId, "cancelled");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Single(_participant.To("/undo-a"));
        Assert.Equal("skipped", saga.Step("approval")["status"].Str());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/sagas/{sagaId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Start_SameSagaIdTwice_RunsOnce()
    {
        var definition = await client.DefineAsync(new { steps = new object[] { new { name = "a", action = Call(_participant, "/a") } } });
        var sagaId = NewName("s");

        var first = await client.PostAsJsonAsync("/api/v1/sagas", new { definition, sagaId, input = new { n = 1 } });
        var second = await client.PostAsJsonAsync("/api/v1/sagas", new { definition, sagaId, input = new { n = 1 } });
        await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(sagaId, (await second.JsonAsync())["sagaId"].Str());
        Assert.Single(_participant.To("/a"));
    }

    [Fact]
    public async Task Signal_WaitingStep_BecomesItsOutputAndTheSagaGoesOn()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "approval", action = new { signal = "approved" } },
                new { name = "ship", action = Call(_participant, "/ship", new Dictionary<string, string> { ["/by"] = "/outputs/approval/by" }), dependsOn = After("approval") },
            },
        });
        var sagaId = await client.StartAsync(definition);

        var signal = await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/approved", new { by = "alice" });
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(HttpStatusCode.Accepted, signal.StatusCode);
        Assert.Equal("alice", saga.Step("approval")["output"]!["by"].Str());
        Assert.Equal("""{"by":"alice"}""", Assert.Single(_participant.To("/ship")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/unknown", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/approved", new { })).StatusCode);
    }

    [Fact]
    public async Task Signal_BeforeItsStepStarts_IsKeptAndCompletesTheStepWhenItStarts()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "first", action = new { signal = "one" } },
                new { name = "second", action = new { signal = "two" }, dependsOn = After("first") },
            },
        });
        var sagaId = await client.StartAsync(definition);

        var early = await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/two", new { n = 2 });
        var pending = await client.GetJsonAsync($"/api/v1/sagas/{sagaId}");
        await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/one", new { n = 1 });
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal("pending", pending.Step("second")["status"].Str());
        Assert.Equal(2, saga.Step("second")["output"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_DefinitionChangesWhileRunning_InstanceFinishesOnItsPinnedVersion()
    {
        var name = NewName("def");
        await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "wait", action = new { signal = "go" } },
                new { name = "v1", action = Call(_participant, "/v1"), dependsOn = After("wait") },
            },
        }, name);
        var old = await client.StartAsync(name);

        await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "wait", action = new { signal = "go" } },
                new { name = "v2", action = Call(_participant, "/v2"), dependsOn = After("wait") },
            },
        }, name);
        var current = await client.StartAsync(name);
        await client.PostAsJsonAsync($"/api/v1/sagas/{old}/signals/go", new { });
        await client.PostAsJsonAsync($"/api/v1/sagas/{current}/signals/go", new { });
        var oldSaga = await client.WaitForAsync(old, "completed");
        var currentSaga = await client.WaitForAsync(current, "completed");

        Assert.Equal(1, oldSaga["version"]!.GetValue<int>());
        Assert.Equal(2, currentSaga["version"]!.GetValue<int>());
        Assert.Equal(old, Assert.Single(_participant.To("/v1")).Header("X-Saga-Id"));
        Assert.Equal(current, Assert.Single(_participant.To("/v2")).Header("X-Saga-Id"));
    }

    [Fact]
    public async Task Retry_CompensationKeptFailing_SagaFailedUntilOperatorRetries()
    {
        var undoWorks = false;
        _participant.Respond = r => r.Path switch
        {
            "/b" => new ParticipantReply(400),
            "/undo-a" => Volatile.Read(ref undoWorks) ? ParticipantReply.Ok() : new ParticipantReply(500),
            _ => ParticipantReply.Ok(),
        };
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a"), retry = new { maxAttempts = 2, backoff = "fixed", initial = "00:00:00.020" } },
                new { name = "b", action = Call(_participant, "/b"), dependsOn = After("a") },
            },
        });
        var sagaId = await client.StartAsync(definition);

        var failed = await client.WaitForAsync(sagaId, "failed");
        Volatile.Write(ref undoWorks, true);
        var retry = await client.PostAsync($"/api/v1/sagas/{sagaId}/retry", null);
        var saga = await client.WaitForAsync(sagaId, "compensated");

        Assert.Equal("a", failed["failedStep"].Str());
        Assert.Contains("compensation of step 'a'", failed["reason"].Str(), StringComparison.Ordinal);
        Assert.Equal("compensationFailed", failed.Step("a")["status"].Str());
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("compensated", saga.Step("a")["status"].Str());
        Assert.Equal(3, _participant.To("/undo-a").Count);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/sagas/{sagaId}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Get_UnknownSagaOrDefinition_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/sagas/{NewName()}")).StatusCode);
        var start = await client.PostAsJsonAsync("/api/v1/sagas", new { definition = NewName("def"), input = new { } });
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/sagas/{NewName()}/cancel", null)).StatusCode);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSagaApiTests(SqlitePlatformFixture fixture) : SagaApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSagaApiTests(PostgresPlatformFixture fixture) : SagaApiTests(fixture.Client);
