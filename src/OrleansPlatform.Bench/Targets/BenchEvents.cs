using System.Globalization;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Targets;

/// <summary>
/// The events the benchmark writes. The platform and the raw-PostgreSQL baseline store the same JSON body, so the
/// ratio between them compares the write paths, not payload sizes.
/// </summary>
internal static class BenchEvents
{
    public const string Type = "BenchEvent";

    /// <summary>A small, realistic body (about 80 bytes): an id pair and a short text, as in a typical domain event.</summary>
    public static string Payload(int writer, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"writer":{{writer}},"seq":{{sequence}},"note":"orleans-platform benchmark event"}""");

    /// <summary>Events with fresh ids, so no append is ever an idempotent replay of an earlier one.</summary>
    public static IReadOnlyList<EventData> Create(int writer, long firstSequence, int count, BenchPayload payload = BenchPayload.Plain)
    {
        var events = new EventData[count];
        var type = BenchPayloads.TypeOf(payload);
        var metadata = BenchPayloads.MetadataOf(payload, writer);
        for (var i = 0; i < count; i++)
        {
            events[i] = new EventData(Guid.CreateVersion7(), type, Payload(writer, firstSequence + i), metadata);
        }

        return events;
    }
}
