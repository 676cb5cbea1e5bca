using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>Metrics of the mesh: calls and their duration per service, instance, caller and status.</summary>
internal static class MeshTelemetry
{
    public const string Name = "OrleansPlatform.Mesh";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("platform.mesh.requests", "{request}", "Calls through the mesh, refused ones included.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("platform.mesh.duration", "ms", "Time of a mesh call, retries included.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("platform.mesh.retries", "{attempt}", "Attempts the mesh repeated.");
    private static readonly Counter<long> Ejections = Meter.CreateCounter<long>("platform.mesh.ejections", "{ejection}", "Instances ejected as outliers.");

    public static void Completed(string service, string? instance, string caller, int status, TimeSpan elapsed)
    {
        if (!Requests.Enabled && !Duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "service", service },
            { "instance", instance ?? "" },
            { "caller", caller },
            { "status", status },
        };
        Requests.Add(1, tags);
        Duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public static void Retried(string service) => Retries.Add(1, new KeyValuePair<string, object?>("service", service));

    public static void Ejected(string service, string instance) =>
        Ejections.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("instance", instance));
}
