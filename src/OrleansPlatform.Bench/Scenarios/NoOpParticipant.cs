using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// A participant that does nothing: a loopback Kestrel endpoint answering every call (2PC prepare, commit and abort;
/// saga steps) with 200, so the <c>tx</c> and <c>saga</c> scenarios measure the platform, not a participant. It times
/// saga step dispatch on the way.
/// </summary>
internal sealed class NoOpParticipant : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _calls;

    private NoOpParticipant(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Saga step dispatch latency seen here (requests carrying <c>X-Saga-Id</c>, compensations excluded).</summary>
    public StepDispatchClock Dispatch { get; } = new();

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
            var sagaStep = context.Request.Headers["X-Saga-Id"] is [{ Length: > 0 } sagaId] && !context.Request.Path.Value!.EndsWith("/undo", StringComparison.Ordinal)
                ? sagaId
                : null;
            if (sagaStep is not null)
            {
                participant.Dispatch.Arrived(sagaStep);
                participant.Dispatch.Answering(sagaStep);
            }

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
