using System.Collections;

namespace OrleansPlatform.Gateway;

/// <summary>
/// The logging scope of one request: its correlation id and trace id as two structured values. One small object per
/// request, where a dictionary would allocate its buckets and entries on every call.
/// </summary>
internal sealed class CorrelationScope(string correlationId, string traceId) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 2;

    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("CorrelationId", correlationId),
        1 => new("TraceId", traceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CorrelationId:{correlationId} TraceId:{traceId}";
}
