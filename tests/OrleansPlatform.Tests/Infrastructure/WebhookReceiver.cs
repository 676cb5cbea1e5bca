using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>A received webhook call: the CloudEvent and its signature header.</summary>
public sealed record ReceivedCall(JsonObject CloudEvent, string? Signature, string Body, bool Accepted)
{
    public string? Key => CloudEvent["subject"]?.GetValue<string>();

    public long Offset => CloudEvent["offset"]!.GetValue<long>();

    public int Attempt => CloudEvent["deliveryattempt"]!.GetValue<int>();

    public JsonNode? Data => CloudEvent["data"];
}

/// <summary>A real HTTP server on loopback that records webhook calls and answers as the test decides.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    /// <summary>Decides the status code of each call; 200 by default.</summary>
    public Func<ReceivedCall, int> Respond { get; set; } = _ => 200;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedCall> Accepted => Calls.Where(c => c.Accepted).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var probe = new ReceivedCall((JsonObject)JsonNode.Parse(body)!, context.Request.Headers["X-Platform-Signature"].FirstOrDefault(), body, false);
            var status = receiver.Respond(probe);
            receiver.Calls.Enqueue(probe with { Accepted = status is >= 200 and < 300 });
            return Results.StatusCode(status);
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
}
