using System.Text;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Validation of published messages: everything is checked before anything is written.</summary>
internal static class MessageRules
{
    public const int MaxBatch = 1_000;

    public static void EnsureValid(IReadOnlyList<OutgoingMessage> messages, int maxEventBytes)
    {
        var errors = new Dictionary<string, string[]>();
        if (messages.Count is 0 or > MaxBatch)
        {
            errors["events"] = [$"Publish 1 to {MaxBatch} events at a time."];
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (string.IsNullOrWhiteSpace(m.Type) || m.Type.Length > 200 || EventStoreRules.HasControlCharacters(m.Type))
            {
                errors[$"events[{i}].type"] = ["A type of 1 to 200 characters is required."];
            }

            if (!EventStoreRules.IsJsonObject(m.Data))
            {
                errors[$"events[{i}].data"] = ["Data must be a JSON object."];
            }

            if (m.EventId == Guid.Empty || !ids.Add(m.EventId))
            {
                errors[$"events[{i}].eventId"] = ["Event ids must be non-empty and unique within a publish."];
            }

            if (m.Key is { Length: > 500 } || EventStoreRules.HasControlCharacters(m.Key) || EventStoreRules.HasControlCharacters(m.CorrelationId)
                || m.Headers?.Any(h => EventStoreRules.HasControlCharacters(h.Key) || EventStoreRules.HasControlCharacters(h.Value)) == true)
            {
                errors[$"events[{i}].key"] = ["Keys (at most 500 characters), correlation ids and headers must be printable text."];
            }

            var size = Encoding.UTF8.GetByteCount(m.Data ?? "") + (m.Headers?.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + Encoding.UTF8.GetByteCount(h.Value)) ?? 0);
            if (size > maxEventBytes)
            {
                throw new EventTooLargeException(size, maxEventBytes);
            }
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }
    }
}
