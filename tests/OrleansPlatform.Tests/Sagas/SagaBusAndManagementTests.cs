using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>Bus command steps, and the saga list and statistics, over HTTP once per storage backend.</summary>
public abstract class SagaBusAndManagementTests(HttpClient client) : IAsyncLifetime
{
    private ParticipantServer _participant = null!;

    public async Task InitializeAsync() => _participant = await ParticipantServer.StartAsync();

    public async Task DisposeAsync() => await _participant.DisposeAsync();

    [Fact]
    public async Task Start_BusStep_PublishesTheCommandAndCompletesOnTheCorrelatedReply()
    {
        var topic = await client.CreateTopicAsync(2);
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "charge", action = new { topic, type = "ChargeRequested", replyType = "ChargeCompleted", body = new Dictionary<string, string> { ["/amount"] = "/input/amount" } } },
                new { name = "notify", action = Call(_participant, "/notify"), dependsOn = After("charge") },
            },
        });
        var sagaId = await client.StartAsync(definition, new { amount = 42 });
        var correlationId = $"{sagaId}:charge";

        var command = await Eventually.MatchAsync(() => FindAsync(topic, "ChargeRequested", correlationId), c => c is not null);
        await client.PublishAsync(topic, [("other", "ChargeCompleted", (object)new { chargeId = "decoy" })]);
        var reply = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "payments", type = "ChargeCompleted", correlationId, data = new { chargeId = "ch-1" } });
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        Assert.Equal(42, command!["data"]!["amount"]!.GetValue<int>());
        Assert.Equal($"{sagaId}:charge:action", command["headers"]!["Idempotency-Key"].Str());
        Assert.Equal("ch-1", saga.Step("charge")["output"]!["chargeId"].Str());
        Assert.Contains("\"chargeId\":\"ch-1\"", Assert.Single(_participant.To("/notify")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndStatistics_FinishedSagas_FilterPageAndCountThem()
    {
        // Step b's body is the saga input: the participant fails it when the input says so.
        _participant.Respond = r => r.Path == "/" && r.Body.Contains("fail", StringComparison.Ordinal) ? new ParticipantReply(400) : ParticipantReply.Ok();
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "a", action = Call(_participant, "/a"), compensation = Call(_participant, "/undo-a") },
                new { name = "b", action = new { url = _participant.Url("/"), method = "POST", body = new Dictionary<string, string> { [""] = "/input" } }, dependsOn = After("a") },
            },
        });
        var ok = await client.StartAsync(definition, new { mode = "ok" });
        var bad = await client.StartAsync(definition, new { mode = "fail" });
        await client.WaitForAsync(ok, "completed");
        await client.WaitForAsync(bad, "compensated");

        var all = await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/sagas?definition={definition}"), l => l["sagas"]!.AsArray().Count == 2
            && l["sagas"]!.AsArray().All(s => s!["status"].Str() != "running" && s["status"].Str() != "compensating"));
        var completed = await client.GetJsonAsync($"/api/v1/sagas?definition={definition}&status=completed");
        var page1 = await client.GetJsonAsync($"/api/v1/sagas?definition={definition}&limit=1");
        var page2 = await client.GetJsonAsync($"/api/v1/sagas?definition={definition}&limit=1&cursor={Uri.EscapeDataString(page1["nextCursor"].Str())}");
        var future = await client.GetJsonAsync($"/api/v1/sagas?definition={definition}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var stats = await client.GetJsonAsync($"/api/v1/sagas/statistics?definition={definition}");

        Assert.Equal(ok, Assert.Single(completed["sagas"]!.AsArray())!["sagaId"].Str());
        var paged = new[] { page1, page2 }.Select(p => Assert.Single(p["sagas"]!.AsArray())!["sagaId"].Str()).ToHashSet();
        Assert.Equal(new HashSet<string> { ok, bad }, paged);
        Assert.Null(page2["nextCursor"]);
        Assert.Empty(future["sagas"]!.AsArray());
        Assert.Equal(2, all["sagas"]!.AsArray().Count);
        Assert.Equal(2, stats["total"]!.GetValue<long>());
        Assert.Equal(1, stats["byStatus"]!["completed"]!.GetValue<long>());
        Assert.Equal(1, stats["byStatus"]!["compensated"]!.GetValue<long>());
        Assert.Equal(1, stats["byDefinition"]![definition]!["completed"]!.GetValue<long>());
        Assert.Equal(0.5, stats["successRate"]!.GetValue<double>());
        Assert.Equal(0.5, stats["compensationRate"]!.GetValue<double>());
        Assert.NotNull(stats["durationP50Ms"]);
        Assert.NotNull(stats["durationP99Ms"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/sagas?status=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/sagas?limit=0")).StatusCode);
    }

    private async Task<JsonNode?> FindAsync(string topic, string type, string correlationId)
    {
        for (var p = 0; p < 2; p++)
        {
            var events = (await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition={p}"))["events"]!.AsArray();
            if (events.FirstOrDefault(e => e!["type"].Str() == type && e["correlationId"]?.GetValue<string>() == correlationId) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSagaBusAndManagementTests(SqlitePlatformFixture fixture) : SagaBusAndManagementTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSagaBusAndManagementTests(PostgresPlatformFixture fixture) : SagaBusAndManagementTests(fixture.Client);
