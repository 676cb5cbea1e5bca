using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Cluster;

/// <summary>
/// A silo killed abruptly (SIGKILL, no shutdown code) in a two-silo PostgreSQL cluster while appends and publishes
/// run through both: callers retry what failed with the same event ids, the cluster carries on, and every event is
/// stored exactly once.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int Writers = 12;
    private const int Streams = 24;

    private readonly ConcurrentBag<(string Target, Guid EventId)> _appended = [];
    private readonly ConcurrentBag<Guid> _published = [];
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private volatile bool _killed;

    [Fact]
    public async Task SiloKilled_DuringAppendsAndPublishes_EveryAcknowledgedEventIsStoredOnce()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "crash-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivorHost = PlatformHost.Postgres(database, clusterId);
        var survivor = await survivorHost.StartAsync();
        await using var victim = await ExternalHost.StartPostgresAsync(database, clusterId);
        var membership = survivorHost.Service<IClusterClient>().GetGrain<IManagementGrain>(0);
        await Eventually.MatchAsync(() => membership.GetHosts(onlyActive: true), hosts => hosts.Count == 2, TimeSpan.FromSeconds(60));
        var topic = TopicApiTests.NewTopic();
        (await survivor.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 8 })).EnsureSuccessStatusCode();
        var streams = Enumerable.Range(0, Streams).Select(_ => NewStreamId("crash")).ToList();

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .Select(w => WriteUntilStoppedAsync(w, streams, topic, () => _killed ? survivor : victim.Client, stop.Token))
            .ToList();
        await Eventually.MatchAsync(() => Task.FromResult(Acknowledged), n => n >= 300, TimeSpan.FromSeconds(60));
        victim.Kill();
        _killed = true;
        var atKill = Acknowledged;
        await Eventually.MatchAsync(() => Task.FromResult(Acknowledged - atKill), n => n >= 300, TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        foreach (var stream in streams)
        {
            var stored = (await survivor.GetJsonAsync($"/api/v1/streams/{stream}/events?limit=1000"))["events"]!.AsArray()
                .Select(e => Guid.Parse(e!["eventId"].Str())).ToList();
            var sent = _appended.Where(a => a.Target == stream).Select(a => a.EventId).ToList();
            Assert.Equal(sent.Order(), stored.Order());
        }

        var publishedStored = new List<Guid>();
        for (var partition = 0; partition < 8; partition++)
        {
            var page = await survivor.GetJsonAsync($"/api/v1/topics/{topic}/events?partition={partition}&fromOffset=0&limit=1000");
            publishedStored.AddRange(page["events"]!.AsArray().Select(e => Guid.Parse(e!["eventId"].Str())));
        }

        output.WriteLine($"acknowledged {Acknowledged} ({atKill} before the kill); failed attempts: {string.Join(", ", _failures.Select(f => $"{f.Key} x{f.Value}"))}");
        Assert.Equal(_published.Order(), publishedStored.Order());
        // Losing a silo is an outage for the calls it held, never an internal error.
        Assert.DoesNotContain("500", _failures.Keys);
    }

    private int Acknowledged => _appended.Count + _published.Count;

    /// <summary>Appends and publishes one event at a time; a failed one is sent again, same event id, until it is acknowledged.</summary>
    private async Task WriteUntilStoppedAsync(int writer, List<string> streams, string topic, Func<HttpClient> client, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var stream = streams[(writer + (n * Writers)) % streams.Count];
            var eventId = Guid.NewGuid();
            await SendUntilAcknowledgedAsync(c => c.AppendAsync(stream, "any", Event("Crashed", new { writer, n }, eventId)), client);
            _appended.Add((stream, eventId));

            var messageId = Guid.NewGuid();
            await SendUntilAcknowledgedAsync(c => c.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = $"k{writer}-{n % 5}", type = "Crashed", data = new { writer, n }, eventId = messageId }), client);
            _published.Add(messageId);
        }
    }

    private async Task SendUntilAcknowledgedAsync(Func<HttpClient, Task<HttpResponseMessage>> send, Func<HttpClient> client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                var response = await send(client());
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                _failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _failures.AddOrUpdate(ex.GetType().Name, 1, (_, c) => c + 1);
            }

            Assert.True(DateTime.UtcNow < deadline, "An event was not acknowledged within two minutes of retrying.");
            // A client's back-off between retries, as any caller of a recovering cluster would use.
            await Task.Delay(50);
        }
    }
}
