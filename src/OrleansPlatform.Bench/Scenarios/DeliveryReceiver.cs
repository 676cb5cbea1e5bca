using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansPlatform.Bench.Load;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// The webhook the <c>deliver</c> scenario points a subscription at: a loopback Kestrel endpoint that records, per
/// event, the first delivery's publish-to-delivery latency, and per key whether first deliveries kept publish order.
/// </summary>
internal sealed class DeliveryReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, bool> _seen = new();
    private readonly ConcurrentDictionary<string, long> _lastSeqByKey = new();
    private readonly LongHistogram _latencies = Latency.NewHistogram();
    private long _orderingViolations;
    private long _duplicates;

    private DeliveryReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Only events published at or after this timestamp are measured (the warm-up is not).</summary>
    public long MeasureFrom { get; set; } = long.MaxValue;

    public long Delivered => _seen.Count;

    public long OrderingViolations => Interlocked.Read(ref _orderingViolations);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public LongHistogram Latencies
    {
        get
        {
            lock (_latencies)
            {
                return (LongHistogram)_latencies.Copy();
            }
        }
    }

    public static async Task<DeliveryReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new DeliveryReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var received = Stopwatch.GetTimestamp();
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var data = body.RootElement.GetProperty("data");
            receiver.Record(body.RootElement.GetProperty("subject").GetString()!, data.GetProperty("seq").GetInt64(), data.GetProperty("sent").GetInt64(), received);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Record(string key, long seq, long sent, long received)
    {
        if (!_seen.TryAdd(seq, true))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        // One key is delivered head-first, one event at a time, so its first deliveries must arrive in publish order.
        var previous = _lastSeqByKey.AddOrUpdate(key, seq, (_, last) => Math.Max(last, seq));
        if (previous != seq && previous > seq)
        {
            Interlocked.Increment(ref _orderingViolations);
        }

        if (sent >= MeasureFrom)
        {
            lock (_latencies)
            {
                Latency.Record(_latencies, sent, received);
            }
        }
    }
}
