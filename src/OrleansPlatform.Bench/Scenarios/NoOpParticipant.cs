using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// A transaction participant that does nothing: a loopback Kestrel endpoint answering every prepare, commit and abort
/// with 200, so the <c>tx</c> scenario measures the coordinator, not a participant.
/// </summary>
internal sealed class NoOpParticipant : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _calls;

    private NoOpParticipant(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long Calls => Interlocked.Read(ref _calls);

    public static async Task<NoOpParticipant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var participant = new NoOpParticipant(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref participant._calls);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        participant.BaseUrl = app.Urls.First();
        return participant;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
