using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Streaming;

namespace OrleansPlatform.Gateway.Registry;

/// <summary>
/// <c>GET /api/v1/services/{service}/watch</c>: Server-Sent Events, one <c>service</c> event with the whole service
/// (its <c>id</c> the index) now and after every change, and a comment line every 15 s while nothing changes so
/// proxies keep the connection open. Each wait is a long poll on the service grain, woken by the change's commit.
/// </summary>
internal static class ServiceWatch
{
    public static async Task StreamAsync(string service, HttpContext context, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        RegistryRules.EnsureNames(service);
        var grain = grains.GetGrain<IServiceGrain>(service);
        var view = await grain.GetAsync();
        context.Response.Headers[ServiceEndpoints.IndexHeader] = view.Index.ToString(CultureInfo.InvariantCulture);
        await new LongPollSse<ServiceView>("service", v => v.Index, grain.WaitForChangeAsync, ServiceDto.From)
            .StreamAsync(context, view, json.Value.SerializerOptions);
    }
}
