using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>One request a <see cref="ParticipantServer"/> received.</summary>
public sealed record ParticipantRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>How a <see cref="ParticipantServer"/> answers one request.</summary>
public sealed record ParticipantReply(int Status, string? Json = null, TimeSpan? Delay = null)
{
    public static ParticipantReply Ok(string? json = null) => new(200, json);
}

/// <summary>
/// A real HTTP service on loopback standing in for a saga step or transaction participant: it records every request
/// (with its Idempotency-Key), and answers as the test decides, per path.
/// </summary>
public sealed class ParticipantServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParticipantServer(WebApplication app) => _app = app;

    public ConcurrentQueue<ParticipantRequest> Requests { get; } = new();

    /// <summary>Decides each answer; 200 with an empty JSON object by default.</summary>
    public Func<ParticipantRequest, ParticipantReply> Respond { get; set; } = _ => ParticipantReply.Ok();

    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => BaseUrl + path;

    public IReadOnlyList<ParticipantRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task<ParticipantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ParticipantServer(app);
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var request = new ParticipantRequest(context.Request.Method, context.Request.Path.Value ?? "/", body, headers);
            server.Requests.Enqueue(request);
            var reply = server.Respond(request);
            if (reply.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Json ?? "{}");
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
