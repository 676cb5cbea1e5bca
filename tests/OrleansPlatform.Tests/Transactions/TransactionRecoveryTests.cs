using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static OrleansPlatform.Tests.Transactions.TransactionApiExtensions;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>
/// Coordinators whose silo is killed (SIGKILL) in a two-silo PostgreSQL cluster: the surviving silo picks them up from
/// their reminders, finishes a decided transaction with the same decision, and aborts one that was still undecided.
/// </summary>
public sealed class TransactionRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CoordinatorSiloKilled_SurvivorCommitsTheDecidedOnceEachAndAbortsTheUndecided()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "tx-crash-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivorHost = PlatformHost.Postgres(database, clusterId);
        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId);
        var membership = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
        await using var server = await ParticipantServer.StartAsync();
        var participant = new TwoPhaseParticipant(server) { PhaseTwoDown = true };
        var id = NewTransactionId();
        var undecided = NewTransactionId();
        participant.SlowPrepare["d"] = TimeSpan.FromMinutes(5);

        // Started through the victim's gateway, so the coordinators live on the victim (placed locally).
        var started = await victim.Client.StartTransactionAsync(id, "00:00:10", Participant(server, "a"), Participant(server, "b"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        // The second one is still preparing (d answers slowly) when the silo dies.
        await victim.Client.StartTransactionAsync(undecided, "00:02:00", Participant(server, "c"), Participant(server, "d"));
        // A commit call is only made once the commit decision is durable.
        await Eventually.MatchAsync(() => Task.FromResult(server.To("/a/commit").Count + server.To("/b/commit").Count), n => n >= 4);
        await Eventually.MatchAsync(() => Task.FromResult(server.To("/d/prepare").Count), n => n == 1);
        victim.Kill();
        var callsBeforeKill = server.Requests.Count;
        participant.PhaseTwoDown = false;

        // Only the participants are watched (no read that would activate the coordinator): the reminder must do it.
        await Eventually.MatchAsync(
            () => Task.FromResult((participant.StateOf(id, "a"), participant.StateOf(id, "b"), participant.StateOf(undecided, "c"), participant.StateOf(undecided, "d"))),
            s => s == ("committed", "committed", "aborted", "aborted"),
            TimeSpan.FromMinutes(4));
        var transaction = await survivor.FinishedAsync(id);
        var presumed = await survivor.FinishedAsync(undecided);

        output.WriteLine($"{callsBeforeKill} participant calls before the kill, {server.Requests.Count} in all");
        Assert.Equal("committed", transaction["status"].Str());
        foreach (var name in new[] { "a", "b" })
        {
            Assert.Single(server.To($"/{name}/prepare"));
            Assert.Empty(server.To($"/{name}/abort"));
            var keys = server.To($"/{name}/commit").Select(r => r.Header("Idempotency-Key")).Distinct().ToList();
            Assert.Equal([$"{id}/{name}/commit"], keys);
            Assert.Equal(1, participant.Deliveries[$"{id}/{name}/commit"]);
        }

        // No decision was journaled for the second one: the survivor aborts it (presumed abort), every branch.
        Assert.Equal("aborted", presumed["status"].Str());
        Assert.Contains("presumed abort", presumed["reason"].Str(), StringComparison.Ordinal);
        Assert.Empty(server.To("/c/commit"));
        Assert.Empty(server.To("/d/commit"));
    }
}
