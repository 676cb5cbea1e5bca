using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>
/// A projection in a two-silo PostgreSQL cluster while both silos append, one of them killed (SIGKILL) mid-catch-up:
/// it ends with exactly the documents a fold of each stream gives, so no event was skipped or applied twice.
/// </summary>
public sealed class ProjectionClusterTests(ITestOutputHelper output)
{
    private const int Streams = 12;
    private static readonly Dictionary<string, string> SmallPages = new() { ["Platform:Projections:PageSize"] = "25" };

    [Fact]
    public async Task TwoSilosAppending_OneKilledMidCatchUp_DocumentsEqualTheFoldOfEveryStream()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "proj-" + Guid.NewGuid().ToString("N")[..8];
        var prefix = $"o{Guid.NewGuid():N}-";
        await using var survivorHost = PlatformHost.Postgres(database, clusterId).With("Platform:Projections:PageSize", "25");
        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId, SmallPages);
        var membership = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));

        // A backlog from both silos, so the projection has a catch-up to be interrupted in.
        await Task.WhenAll(AppendManyAsync(survivor, prefix, 0, 30), AppendManyAsync(victim.Client, prefix, 1, 30));
        var put = await survivor.PutAsJsonAsync("/api/v1/projections/counts", new
        {
            source = new { streamPrefix = prefix },
            fold = new { rules = new object[] { new { on = "Tick", increment = new Dictionary<string, int> { ["/count"] = 1 }, append = new Dictionary<string, string> { ["/seen"] = "/data/n" } } } },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        using var stop = new CancellationTokenSource();
        var fromVictim = AppendUntilAsync(victim.Client, prefix, 1, stop.Token);
        var atKill = await Eventually.MatchAsync(() => survivor.GetJsonAsync("/api/v1/projections/counts"), s => s["checkpoint"].Long() > 0, TimeSpan.FromSeconds(60));
        victim.Kill();
        stop.Cancel();
        await fromVictim;
        var last = await AppendManyAsync(survivor, prefix, 0, 10, firstRound: 2_000_000);

        var documents = await Eventually.MatchAsync(() => TryDocumentsAsync(survivor, last), d => d is not null, TimeSpan.FromMinutes(3));
        output.WriteLine($"lag at the kill: {atKill["lagEvents"]} events; {documents!.Count} documents");
        Assert.True(atKill["lagEvents"].Long() > 0, "the kill came mid-catch-up");
        var expected = new Dictionary<string, string>();
        for (var s = 0; s < Streams; s++)
        {
            var events = (await survivor.GetJsonAsync($"/api/v1/streams/{prefix}{s}/events?limit=1000"))["events"]!.AsArray();
            var seen = new JsonArray(events.Select(e => (JsonNode?)JsonValue.Create(e!["data"]!["n"].Long())).ToArray());
            expected[$"{prefix}{s}"] = Canonical(new JsonObject { ["count"] = events.Count, ["seen"] = seen }.ToJsonString());
        }

        foreach (var id in expected.Keys.Where(k => documents.GetValueOrDefault(k) != expected[k]))
        {
            output.WriteLine($"{id}: expected {expected[id]}, got {documents.GetValueOrDefault(id)}");
        }

        Assert.Equal(expected, documents);
    }

    private static async Task<long> AppendManyAsync(HttpClient client, string prefix, int silo, int rounds, int firstRound = 0)
    {
        var last = 0L;
        for (var round = firstRound; round < firstRound + rounds; round++)
        {
            for (var s = 0; s < Streams; s++)
            {
                last = Math.Max(last, await AppendAsync(client, prefix, s, silo, round));
            }
        }

        return last;
    }

    private static async Task AppendUntilAsync(HttpClient client, string prefix, int silo, CancellationToken stop)
    {
        for (var round = 1_000; !stop.IsCancellationRequested; round++)
        {
            try
            {
                await AppendAsync(client, prefix, round % Streams, silo, round);
            }
            catch (HttpRequestException)
            {
                return;
            }
        }
    }

    private static async Task<long> AppendAsync(HttpClient client, string prefix, int stream, int silo, int round)
    {
        // n is unique per event, so "seen" shows an event applied twice or skipped; 5 events per append.
        // Fixed event ids make a retry idempotent: while the cluster learns that a silo died, calls to the streams it
        // hosted answer 503, and the append is repeated until it is kept once.
        var events = Enumerable.Range(0, 5).Select(i => Event("Tick", new { n = (((long)round * Streams + stream) * 2 + silo) * 10 + i }, Guid.NewGuid())).ToArray();
        var response = await Eventually.MatchAsync(
            () => client.AppendAsync(prefix + stream, "any", events),
            r => r.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromMinutes(2));
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync())["position"].Long();
    }

    // JSONB keeps object members in its own order, so documents compare by their members, not their text.
    private static string Canonical(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        return string.Join(";", document.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value!.ToJsonString()}"));
    }

    private static async Task<Dictionary<string, string>?> TryDocumentsAsync(HttpClient client, long minPosition)
    {
        var response = await client.GetAsync($"/api/v1/projections/counts/documents?limit=1000&minPosition={minPosition}&wait=5s");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return (await response.JsonAsync())["documents"]!.AsArray().ToDictionary(d => d!["id"].Str(), d => Canonical(d!["data"]!.ToJsonString()));
    }
}
