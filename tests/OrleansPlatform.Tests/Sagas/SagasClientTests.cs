using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Client;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>The typed saga client as another .NET service uses it.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class SagasClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;
    private ParticipantServer _participant = null!;

    private ISagas Sagas => _service.Services.GetRequiredService<ISagas>();

    public async Task InitializeAsync()
    {
        _service = await ClientHost.StartAsync(platform.Host);
        _participant = await ParticipantServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ClientHost.StopAsync(_service);
        await _participant.DisposeAsync();
    }

    [Fact]
    public async Task DefineStartSignalWait_SignalStepThenCall_CompletesAndIsListed()
    {
        var name = NewName("def");
        var definition = new SagaDefinition(
        [
            new SagaStep("approve", new StepAction(Signal: "approved")),
            new SagaStep("ship", new StepAction(new CallTarget("POST", _participant.Url("/ship"))), DependsOn: ["approve"]),
        ]);

        var (info, created) = await Sagas.DefineAsync(name, definition);
        var (again, createdAgain) = await Sagas.DefineAsync(name, definition);
        var (sagaId, status) = await Sagas.StartAsync(name, """{"order":7}""");
        var changes = new List<SagaStatus>();
        var waiting = Sagas.WaitForCompletionAsync(sagaId, v => changes.Add(v.Status));
        await Sagas.SignalAsync(sagaId, "approved", """{"by":"bob"}""");
        var finished = await waiting;

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(info.Version, again.Version);
        Assert.Equal(SagaStatus.Running, status);
        Assert.Equal(SagaStatus.Completed, finished.Status);
        Assert.Equal(SagaStatus.Completed, changes[^1]);
        Assert.Equal("""{"by":"bob"}""", finished.Steps[0].Output);
        Assert.Single(_participant.To("/ship"));
        var listed = await Eventually.MatchAsync(() => Sagas.ListAsync(new SagaListQuery(Definition: name)), l => l.Sagas.Count == 1 && l.Sagas[0].Status == SagaStatus.Completed);
        Assert.Equal(sagaId, listed.Sagas[0].SagaId);
        Assert.Equal(1, (await Sagas.GetStatisticsAsync(name)).ByStatus[SagaStatus.Completed]);
    }

    [Fact]
    public async Task WatchAsync_SignalThenCall_YieldsRunningThenEachChangeAndEndsCompleted()
    {
        var name = NewName("def");
        await Sagas.DefineAsync(name, new SagaDefinition(
        [
            new SagaStep("approve", new StepAction(Signal: "approved")),
            new SagaStep("ship", new StepAction(new CallTarget("POST", _participant.Url("/ship"))), DependsOn: ["approve"]),
        ]));
        var (sagaId, _) = await Sagas.StartAsync(name, "{}");
        var seen = new List<SagaView>();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var view in Sagas.WatchAsync(sagaId, deadline.Token))
        {
            seen.Add(view);
            if (seen.Count == 1)
            {
                await Sagas.SignalAsync(sagaId, "approved", "true");
            }
        }

        Assert.Equal(SagaStatus.Running, seen[0].Status);
        Assert.Equal(SagaStatus.Completed, seen[^1].Status);
        Assert.True(seen.Count >= 2);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second.JournalVersion > p.First.JournalVersion), "each view is a later journal version");
        await Assert.ThrowsAsync<ResourceNotFoundException>(async () => await Sagas.WatchAsync(NewName("s")).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task WaitForChange_CommitWhileWaiting_AnswersAtTheCommitNotAtTheTimeout()
    {
        var name = NewName("def");
        await Sagas.DefineAsync(name, new SagaDefinition([new SagaStep("approve", new StepAction(Signal: "approved"))]));
        var (sagaId, _) = await Sagas.StartAsync(name, "{}");
        var grain = platform.Host.Service<IGrainFactory>().GetGrain<ISagaGrain>(sagaId);
        var known = (await grain.GetAsync())!.JournalVersion;

        var idle = await grain.WaitForChangeAsync(known, TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = grain.WaitForChangeAsync(known, TimeSpan.FromSeconds(20));
        await Sagas.SignalAsync(sagaId, "approved", "1");
        var changed = await waiting;

        Assert.Equal(known, idle!.JournalVersion);
        Assert.True(changed!.JournalVersion > known);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Define_Cycle_ThrowsValidationNamingThePath()
    {
        var definition = new SagaDefinition(
        [
            new SagaStep("a", new StepAction(Signal: "x"), DependsOn: ["b"]),
            new SagaStep("b", new StepAction(Signal: "y"), DependsOn: ["a"]),
        ]);

        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Sagas.DefineAsync(NewName("def"), definition));

        Assert.Contains("a -> b -> a", error.Errors["steps"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InputNotJson_ThrowsValidationAndStartsNothing()
    {
        var name = NewName("def");
        await Sagas.DefineAsync(name, new SagaDefinition([new SagaStep("a", new StepAction(Signal: "go"))]));
        var sagaId = NewName("s");

        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Sagas.StartAsync(name, "{not json", sagaId));

        Assert.True(error.Errors.ContainsKey("input"));
        Assert.Null(await Sagas.GetAsync(sagaId));
    }

    [Fact]
    public async Task GetAndStart_Unknown_NullAndNotFound()
    {
        Assert.Null(await Sagas.GetAsync(NewName("s")));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Sagas.StartAsync(NewName("def"), "{}"));
    }
}
