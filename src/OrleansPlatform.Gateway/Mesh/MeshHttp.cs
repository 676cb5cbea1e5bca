using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// The one connection pool the mesh forwards through (YARP's recommended handler settings). Its activity propagator
/// replaces the incoming <c>traceparent</c> with the gateway's own span, so W3C trace context flows to the service.
/// </summary>
internal sealed class MeshHttp : IDisposable
{
    public MeshHttp(IOptions<MeshOptions> options)
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = options.Value.ConnectTimeout,
        });
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>Attempt timeouts and the deadline are the pipeline's; YARP's idle timeout only backs them up.</summary>
    public ForwarderRequestConfig Config { get; } = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    public void Dispose() => Invoker.Dispose();
}
