using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Client;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Transactions.TransactionApiExtensions;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>The typed transactions client as another .NET service uses it.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class TransactionsClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;
    private ParticipantServer _server = null!;
    private TwoPhaseParticipant _participant = null!;

    private ITransactions Transactions => _service.Services.GetRequiredService<ITransactions>();

    public async Task InitializeAsync()
    {
        _service = await ClientHost.StartAsync(platform.Host);
        _server = await ParticipantServer.StartAsync();
        _participant = new TwoPhaseParticipant(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await ClientHost.StopAsync(_service);
    }

    [Fact]
    public async Task RunAsync_AllPrepare_ReturnsCommittedOnceEveryParticipantAcknowledged()
    {
        var request = Request(NewTransactionId(), "a", "b");

        var outcome = await Transactions.RunAsync(request);

        Assert.Equal(TransactionStatus.Committed, outcome.Status);
        Assert.All(outcome.Participants, p => Assert.Equal((PrepareVote.Prepared, PhaseTwoOutcome.Committed), (p.Vote, p.Outcome)));
        Assert.Equal("committed", _participant.StateOf(request.TransactionId, "b"));
        Assert.NotNull(outcome.CompletedAt);
    }

    [Fact]
    public async Task RunAsync_OneVotesNo_ReturnsAborted()
    {
        var request = Request(NewTransactionId(), "a", "b");
        _participant.VoteNo[$"{request.TransactionId}/a"] = true;

        var outcome = await Transactions.RunAsync(request);

        Assert.Equal(TransactionStatus.Aborted, outcome.Status);
        Assert.Equal(PrepareVote.VoteNo, outcome.Participants[0].Vote);
        Assert.All(outcome.Participants, p => Assert.Equal(PhaseTwoOutcome.Aborted, p.Outcome));
    }

    [Fact]
    public async Task StartAsync_ThenGetAndRepeat_IsIdempotentAndADifferentRequestConflicts()
    {
        var request = Request(NewTransactionId(), "a");

        var first = await Transactions.StartAsync(request);
        var again = await Transactions.StartAsync(request);
        var finished = await Eventually.MatchAsync(() => Transactions.GetAsync(request.TransactionId), t => t!.IsFinished);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(TransactionStatus.Committed, finished!.Status);
        await Assert.ThrowsAsync<PlatformConflictException>(() => Transactions.StartAsync(request with { Timeout = TimeSpan.FromSeconds(3) }));
        Assert.Null(await Transactions.GetAsync(NewTransactionId()));
        Assert.True((await Transactions.GetStatisticsAsync()).Total >= 1);
    }

    [Fact]
    public async Task ListAsync_AbortedSinceAMomentAgo_FindsTheAbortedTransactionAndStatisticsCountIt()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var request = Request(NewTransactionId(), "a");
        _participant.VoteNo[$"{request.TransactionId}/a"] = true;
        await Transactions.RunAsync(request);

        var list = await Eventually.MatchAsync(
            () => Transactions.ListAsync(new TransactionListQuery([TransactionStatus.Aborted], From: from)),
            l => l.Transactions.Any(t => t.TransactionId == request.TransactionId));
        var statistics = await Transactions.GetStatisticsAsync(from, null);

        Assert.All(list.Transactions, t => Assert.Equal(TransactionStatus.Aborted, t.Status));
        Assert.True(statistics.ByStatus.GetValueOrDefault(TransactionStatus.Aborted) >= 1);
        Assert.NotNull(statistics.AbortRate);
        await Assert.ThrowsAsync<PlatformValidationException>(() => Transactions.ListAsync(new TransactionListQuery(Cursor: "nope")));
    }

    [Fact]
    public async Task StartAsync_NoParticipants_ThrowsValidationNamingTheField()
    {
        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Transactions.StartAsync(new TransactionRequest(NewTransactionId(), [], TimeSpan.FromSeconds(5))));

        Assert.Contains("participants", error.Errors.Keys);
    }

    private TransactionRequest Request(string id, params string[] names) => new(id, names.Select(name => new TransactionParticipant(
        name,
        new ParticipantCallSpec(new CallTarget("POST", Url: _server.Url($"/{name}/prepare"))),
        new ParticipantCallSpec(new CallTarget("POST", Url: _server.Url($"/{name}/commit"))),
        new ParticipantCallSpec(new CallTarget("POST", Url: _server.Url($"/{name}/abort"))))).ToList(), TimeSpan.FromSeconds(10));
}
