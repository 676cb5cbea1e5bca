using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using OrleansPlatform.Gateway.Security;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// YARP's default request and response copying, plus the mesh's own rules: the downstream path is what follows
/// <c>/api/v1/mesh/{service}</c>; the platform's credentials never leave the gateway; the service learns its caller
/// (<c>X-Caller-Service</c>, as authenticated) and the deadline left; and a 5xx answer is held back when another attempt
/// will follow, so the client only ever sees the last one.
/// </summary>
internal sealed class MeshTransformer : HttpTransformer
{
    public static readonly MeshTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var call = httpContext.Features.GetRequiredFeature<MeshCall>();
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, call.DownstreamPath, httpContext.Request.QueryString);
        var headers = proxyRequest.Headers;
        headers.Remove(ApiKeyAuthenticationHandler.Header);
        headers.Remove(HeaderNames.Authorization);
        headers.Remove(MeshCaller.Header);
        headers.Remove(MeshCall.DeadlineHeader);
        if (call.Caller is { } caller)
        {
            headers.TryAddWithoutValidation(MeshCaller.Header, caller);
        }

        var left = Math.Max(0, (long)call.DeadlineLeft().TotalMilliseconds);
        headers.TryAddWithoutValidation(MeshCall.DeadlineHeader, left.ToString(CultureInfo.InvariantCulture));
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } && httpContext.Features.Get<MeshCall>() is { } call && call.TryClaimRetry())
        {
            // Returning false tells YARP not to copy this answer; the retry strategy sends the call elsewhere.
            call.Withheld = true;
            return ValueTask.FromResult(false);
        }

        return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }
}
