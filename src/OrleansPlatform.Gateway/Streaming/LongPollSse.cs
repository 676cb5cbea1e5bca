using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansPlatform.Gateway.Streaming;

/// <summary>
/// Server-Sent Events fed by a grain's long poll: the view now, then one event after every change (its <c>id</c>
/// the view's version), and a comment line whenever a wait ends without a change, so proxies keep the connection
/// open. Each wait is answered by the commit that changes the grain, never by polling.
/// </summary>
/// <typeparam name="TView">What the grain returns.</typeparam>
/// <param name="EventName">The SSE <c>event:</c> name.</param>
/// <param name="VersionOf">The view's version; a higher one is a change.</param>
/// <param name="WaitAsync">Waits for a version after the given one, or answers as it is after <see cref="KeepAlive"/>.</param>
/// <param name="ToBody">What is written as <c>data:</c> (serialized with the API's JSON options).</param>
/// <param name="IsLast">True for a view after which nothing changes any more: the stream ends after writing it.</param>
internal sealed record LongPollSse<TView>(
    string EventName,
    Func<TView, long> VersionOf,
    Func<long, TimeSpan, Task<TView>> WaitAsync,
    Func<TView, object> ToBody,
    Func<TView, bool>? IsLast = null)
{
    /// <summary>The longest wait without writing anything.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Streams from <paramref name="first"/> until the caller goes away or the last view is written.</summary>
    public async Task StreamAsync(HttpContext context, TView first, JsonSerializerOptions options)
    {
        var aborted = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var view = first;
        try
        {
            await WriteAsync(context, view, options);
            while (!aborted.IsCancellationRequested && IsLast?.Invoke(view) != true)
            {
                var next = await WaitAsync(VersionOf(view), KeepAlive).WaitAsync(aborted);
                if (VersionOf(next) > VersionOf(view))
                {
                    view = next;
                    await WriteAsync(context, view, options);
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

    private async Task WriteAsync(HttpContext context, TView view, JsonSerializerOptions options)
    {
        var data = JsonSerializer.Serialize(ToBody(view), options);
        await context.Response.WriteAsync(
            $"id: {VersionOf(view).ToString(CultureInfo.InvariantCulture)}\nevent: {EventName}\ndata: {data}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
