using System.Net;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Integrity;

/// <summary>
/// The whole-log verify job in a two-silo PostgreSQL cluster, its silo killed (SIGKILL) mid-job: the job resumes on the
/// other silo from its last journaled checkpoint and completes valid, having checked the whole log.
/// </summary>
public sealed class LogVerificationClusterTests(ITestOutputHelper output)
{
    // Small steps, so the job is still running when its silo dies.
    private static readonly Dictionary<string, string> SlowJob = new()
    {
        ["Platform:Integrity:Verification:PageSize"] = "10",
        ["Platform:Integrity:Verification:StepBudget"] = "00:00:00.010",
    };

    [Fact]
    public async Task JobsSiloKilledMidJob_ResumesOnTheOtherSiloAndCompletesValid()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "verify-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivorHost = PlatformHost.Postgres(database, clusterId);
        foreach (var (key, value) in SlowJob)
        {
            survivorHost.With(key, value);
        }

        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId, SlowJob);
        var management = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => management.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
        for (var i = 0; i < 40; i++)
        {
            var events = Enumerable.Range(0, 25).Select(n => Event("Tick", new { n })).ToArray();
            Assert.Equal(HttpStatusCode.Created, (await survivor.AppendAsync(NewStreamId("verify"), 0, events)).StatusCode);
        }

        var (jobId, atKill) = await StartOnTheVictimAsync(survivorHost, victim, management);
        victim.Kill();

        // Until the cluster declares the victim dead, calls to the job answer 503; the first call after it activates the
        // job on the survivor, which resumes from its checkpoint.
        var done = (await Eventually.MatchAsync(
            () => TryStatusAsync(survivor, jobId),
            j => j?["status"].Str() == "completed",
            TimeSpan.FromMinutes(3)))!;
        output.WriteLine($"at the kill: {atKill}; done: {done}");
        Assert.True(atKill["position"].Long() < atKill["endPosition"].Long(), "the kill came mid-job");
        Assert.True(done["valid"]!.GetValue<bool>(), done.ToJsonString());
        Assert.Empty(done["broken"]!.AsArray());
        Assert.True(done["eventsChecked"].Long() >= 1_000, "every appended event was checked");
        Assert.True(done["eventsChecked"].Long() > atKill["eventsChecked"].Long());
    }

    private static async Task<JsonObject?> TryStatusAsync(HttpClient client, Guid jobId)
    {
        var response = await client.GetAsync($"/api/v1/verify/{jobId}");
        return response.StatusCode == HttpStatusCode.ServiceUnavailable ? null : await response.EnsureSuccessStatusCode().JsonAsync();
    }

    // Placement picks either silo; a job that lands on the survivor is let finish and another one started.
    private async Task<(Guid JobId, JsonObject AtKill)> StartOnTheVictimAsync(PlatformHost survivorHost, ExternalHost victim, IManagementGrain management)
    {
        var survivorSilo = survivorHost.Service<ILocalSiloDetails>().SiloAddress;
        var grains = survivorHost.Service<IClusterClient>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var started = await victim.Client.PostAsync("/api/v1/verify", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var jobId = Guid.Parse((await started.JsonAsync())["jobId"].Str());
            var silo = await management.GetActivationAddress(grains.GetGrain<ILogVerificationGrain>(jobId));
            if (silo is not null && !silo.Equals(survivorSilo))
            {
                var atKill = await Eventually.MatchAsync(() => victim.Client.GetJsonAsync($"/api/v1/verify/{jobId}"), j => j["eventsChecked"].Long() > 0);
                return (jobId, atKill);
            }

            output.WriteLine($"attempt {attempt}: job {jobId} placed on the survivor; letting it finish");
            await Eventually.MatchAsync(() => victim.Client.GetJsonAsync($"/api/v1/verify/{jobId}"), j => j["status"].Str() == "completed", TimeSpan.FromMinutes(2));
        }

        throw new InvalidOperationException("Ten jobs in a row were placed on the surviving silo.");
    }
}
