using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>
/// A silo running sagas is killed (SIGKILL) mid-run in a two-silo PostgreSQL cluster: every saga still completes, no
/// step recorded as done is called again, and each participant effect is applied once (the participant counts
/// Idempotency-Keys; a repeat is only ever the one attempt a saga had in flight at the kill).
/// </summary>
public sealed class SagaCrashTests(ITestOutputHelper output)
{
    private const int Sagas = 20;
    private static readonly string[] Steps = ["s1", "s2", "s3"];

    [Fact]
    public async Task SiloKilled_WhileSagasRun_EverySagaCompletesWithEachEffectAppliedOnce()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "saga-crash-" + Guid.NewGuid().ToString("N")[..8];
        await using var participant = await ParticipantServer.StartAsync();
        participant.Respond = _ => new ParticipantReply(200, "{}", TimeSpan.FromMilliseconds(300));
        await using var survivorHost = PlatformHost.Postgres(database, clusterId);
        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId);
        var membership = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
        var definition = await victim.Client.DefineAsync(new
        {
            steps = Steps.Select((s, i) => new { name = s, action = Call(participant, "/" + s), dependsOn = Steps.Take(i).ToArray() }).ToArray(),
        });

        var sagaIds = new List<string>();
        for (var i = 0; i < Sagas; i++)
        {
            sagaIds.Add(await victim.Client.StartAsync(definition, new { i }));
        }

        await Eventually.MatchAsync(() => Task.FromResult(participant.Requests.Count), n => n >= Sagas, TimeSpan.FromSeconds(60));
        victim.Kill();
        var atKill = participant.Requests.Count;

        foreach (var sagaId in sagaIds)
        {
            var saga = await Eventually.MatchAsync(() => TryGetAsync(survivor, sagaId), s => s?["status"]?.GetValue<string>() == "completed", TimeSpan.FromMinutes(3));
            Assert.All(saga!["steps"]!.AsArray(), s => Assert.Equal("succeeded", s!["status"].Str()));
        }

        var byKey = participant.Requests.GroupBy(r => r.Header("Idempotency-Key")!).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{participant.Requests.Count} requests ({atKill} before the kill) for {byKey.Count} effects; repeated keys: {string.Join(", ", byKey.Where(k => k.Value > 1).Select(k => k.Key))}");
        var expected = sagaIds.SelectMany(id => Steps.Select(s => $"{id}:{s}:action")).ToHashSet();
        Assert.Equal(expected, byKey.Keys.ToHashSet());
        foreach (var sagaId in sagaIds)
        {
            // Steps run one after another, so a saga has at most one attempt in flight when its silo dies.
            Assert.InRange(Steps.Count(s => byKey[$"{sagaId}:{s}:action"] > 1), 0, 1);
        }
    }

    [Fact]
    public async Task SiloKilled_SagasNotTouchedByAnyCaller_RecoverySweepResumesThemFromTheReadModel()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "saga-sweep-" + Guid.NewGuid().ToString("N")[..8];
        await using var participant = await ParticipantServer.StartAsync();
        participant.Respond = _ => new ParticipantReply(200, "{}", TimeSpan.FromMilliseconds(300));
        await using var survivorHost = PlatformHost.Postgres(database, clusterId);
        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId);
        var membership = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
        var definition = await victim.Client.DefineAsync(new
        {
            steps = Steps.Select((s, i) => new { name = s, action = Call(participant, "/" + s), dependsOn = Steps.Take(i).ToArray() }).ToArray(),
        });
        for (var i = 0; i < 10; i++)
        {
            await victim.Client.StartAsync(definition, new { i });
        }

        await Eventually.MatchAsync(() => Task.FromResult(participant.Requests.Count), n => n >= 10, TimeSpan.FromSeconds(60));
        victim.Kill();
        var sweeper = survivorHost.Service<IGrainFactory>().GetGrain<Grains.Sagas.ISagaRecoveryGrain>(0);

        // Only the list (the read model) is read, so nothing but the sweep activates the sagas again.
        var completed = await Eventually.MatchAsync(
            async () =>
            {
                try
                {
                    await sweeper.SweepAsync();
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException)
                {
                    // The sweeper itself lived on the dead silo: it activates on the survivor once the victim is declared dead.
                }

                // 503 while the cluster still counts the dead silo in.
                var response = await survivor.GetAsync($"/api/v1/sagas?definition={definition}&status=completed");
                return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["sagas"]!.AsArray().Count : -1;
            },
            count => count == 10,
            TimeSpan.FromMinutes(3));

        Assert.Equal(10, completed);
        Assert.Equal(0, await sweeper.SweepAsync());
    }

    private static async Task<JsonObject?> TryGetAsync(HttpClient client, string sagaId)
    {
        try
        {
            var response = await client.GetAsync($"/api/v1/sagas/{sagaId}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
