using System.Diagnostics.Metrics;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>Counts <c>platform.eventlog.append_failures</c> of one reason (process-wide, so "at least").</summary>
public sealed class AppendFailureCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private int _count;

    public AppendFailureCounter(string reason)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "platform.eventlog.append_failures", Meter.Name: EventLogTelemetry.Name })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason" } && Equals(tag.Value, reason))
                {
                    Interlocked.Add(ref _count, (int)value);
                }
            }
        });
        _listener.Start();
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
