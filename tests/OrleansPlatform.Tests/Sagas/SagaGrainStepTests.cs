using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>In-cluster .NET steps (<c>"grain"</c> actions) against handler grains the test silo hosts, once per storage backend.</summary>
public abstract class SagaGrainStepTests(HttpClient client)
{
    private static readonly object Fast = new { maxAttempts = 3, backoff = "fixed", initial = "00:00:00.050" };

    [Fact]
    public async Task Start_GrainStep_CallsHandlerWithInputAndOutputsAndCompletes()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "reserve", action = new { grain = "test-reserve" } },
                new { name = "confirm", action = new { grain = "test-release" }, dependsOn = After("reserve") },
            },
        });

        var sagaId = await client.StartAsync(definition, new { qty = 3 });
        var saga = await client.WaitForAsync(sagaId, "completed");

        Assert.Equal(3, saga.Step("reserve")["output"]!["reserved"]!.GetValue<int>());
        var requests = StepHandlerLog.RequestsOf(sagaId);
        var reserve = Assert.Single(requests, r => r.Step == "reserve");
        Assert.Equal($"{sagaId}:reserve:action", reserve.IdempotencyKey);
        Assert.Equal(definition, reserve.Definition);
        Assert.Equal(1, reserve.Attempt);
        Assert.Empty(reserve.Outputs);
        var confirm = Assert.Single(requests, r => r.Step == "confirm");
        Assert.Equal("""{"reserved":3}""", confirm.Outputs["reserve"]);
        Assert.Contains("\"qty\":3", confirm.Input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LaterStepFails_CompensatesThroughTheHandlerWithCompensationKey()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[]
            {
                new { name = "reserve", action = new { grain = "test-reserve" }, compensation = new { grain = "test-release" } },
                new { name = "charge", action = new { grain = "test-reject" }, dependsOn = After("reserve") },
            },
        });

        var sagaId = await client.StartAsync(definition, new { qty = 2 });
        var saga = await client.WaitForAsync(sagaId, "compensated");

        Assert.Equal(["reserve#1", "reject", """release:{"reserved":2}"""], StepHandlerLog.Of(sagaId));
        var release = Assert.Single(StepHandlerLog.RequestsOf(sagaId), r => r.Compensating);
        Assert.Equal($"{sagaId}:reserve:compensate", release.IdempotencyKey);
        Assert.Equal("compensated", saga.Step("reserve")["status"].Str());
        Assert.Contains("card declined", saga.Step("charge")["error"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HandlerFailsTwice_RetriesUnderTheSameIdempotencyKey()
    {
        var definition = await client.DefineAsync(new { steps = new object[] { new { name = "reserve", action = new { grain = "test-reserve" }, retry = Fast } } });

        var sagaId = await client.StartAsync(definition, new { qty = 1, failFirst = 2 });
        var saga = await client.WaitForAsync(sagaId, "completed");

        var attempts = StepHandlerLog.RequestsOf(sagaId);
        Assert.Equal([1, 2, 3], attempts.Select(r => r.Attempt));
        Assert.Single(attempts.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(3, saga.Step("reserve")["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_HandlerOutlivesStepTimeout_IsCancelledAndTheStepFails()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[] { new { name = "wait", action = new { grain = "test-hang" }, timeout = "00:00:00.500", retry = new { maxAttempts = 1 } } },
        });

        var sagaId = await client.StartAsync(definition);
        var saga = await client.WaitForAsync(sagaId, "compensated");
        // The runner stops waiting when the token fires; the cancellation reaches the handler's silo a moment later.
        var seen = await Eventually.MatchAsync(() => Task.FromResult(StepHandlerLog.Of(sagaId)), l => l.Count >= 2, TimeSpan.FromSeconds(10));

        Assert.Equal(["hang", "cancelled"], seen);
        Assert.Equal("failed", saga.Step("wait")["status"].Str());
        Assert.Contains("timeout", saga.Step("wait")["error"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HandlerTypeNotHosted_StepFailsNamingTheType()
    {
        var definition = await client.DefineAsync(new
        {
            steps = new object[] { new { name = "ship", action = new { grain = "nobody-hosts-this" }, retry = new { maxAttempts = 2, backoff = "fixed", initial = "00:00:00.050" } } },
        });

        var sagaId = await client.StartAsync(definition);
        var saga = await client.WaitForAsync(sagaId, "compensated");

        Assert.Equal("failed", saga.Step("ship")["status"].Str());
        Assert.Equal(2, saga.Step("ship")["attempts"]!.GetValue<int>());
        Assert.Contains("No silo hosts the step handler grain type 'nobody-hosts-this'", saga.Step("ship")["error"].Str(), StringComparison.Ordinal);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSagaGrainStepTests(SqlitePlatformFixture fixture) : SagaGrainStepTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSagaGrainStepTests(PostgresPlatformFixture fixture) : SagaGrainStepTests(fixture.Client);
