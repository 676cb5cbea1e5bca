using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace OrleansPlatform.ServiceDefaults;

/// <summary>
/// Keeps W3C trace context flowing when no trace exporter is configured. Nothing would receive recorded spans, so
/// none are recorded; but a call that arrives with a <c>traceparent</c> still gets lightweight, unrecorded activities
/// through the gateway and every grain hop, so the context reaches downstream calls, webhooks and log scopes. Calls
/// without trace context create no activity at all, which keeps tracing cost off the hot paths.
/// </summary>
internal sealed class TraceContextPropagation : IHostedService, IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => IsPropagated(source.Name),
        Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            options.Parent.TraceId == default ? ActivitySamplingResult.None : ActivitySamplingResult.PropagationData,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    internal static bool IsPropagated(string sourceName) =>
        sourceName is "Microsoft.AspNetCore" or "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Application"
        || sourceName.StartsWith(ServiceDefaultsExtensions.PlatformSourcePrefix, StringComparison.Ordinal);
}
