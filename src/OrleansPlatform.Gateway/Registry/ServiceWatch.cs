using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Gateway.Registry;

/// <summary>
/// <c>GET /api/v1/services/{service}/watch</c>: Server-Sent Events, one <c>service</c> event with the whole service
/// (its <c>id</c> the index) now and after every change, and a comment line every 15 s while nothing changes so
/// proxies keep the connection open. Each wait is a long poll on the service grain, woken by the change's commit.
/// </summary>
internal static class ServiceWatch
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string service, HttpContext context, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        RegistryRules.EnsureNames(service);
        var grain = grains.GetGrain<IServiceGrain>(service);
        var aborted = context.RequestAborted;
        var view = await grain.GetAsync();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers[ServiceEndpoints.IndexHeader] = view.Index.ToString(CultureInfo.InvariantCulture);
        try
        {
            await WriteAsync(context, view, json.Value.SerializerOptions);
            while (!aborted.IsCancellationRequested)
            {
                var next = await grain.WaitForChangeAsync(view.Index, KeepAlive).WaitAsync(aborted);
                if (next.Index > view.Index)
                {
                    view = next;
                    await WriteAsync(context, view, json.Value.SerializerOptions);
                }
                else
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The watcher went away: the normal end of a watch.
        }
    }

    private static async Task WriteAsync(HttpContext context, ServiceView view, JsonSerializerOptions options)
    {
        var data = JsonSerializer.Serialize(ServiceDto.From(view), options);
        await context.Response.WriteAsync($"id: {view.Index.ToString(CultureInfo.InvariantCulture)}\nevent: service\ndata: {data}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
