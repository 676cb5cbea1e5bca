using System.Text.Json;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.EventStore;

/// <summary>The validation rules of the event store, shared by the gateway, the client and the grains.</summary>
public static class EventStoreRules
{
    /// <summary>Longest allowed stream id.</summary>
    public const int MaxStreamIdLength = 200;

    /// <summary>Most events one append may carry; larger imports are split by the caller.</summary>
    public const int MaxEventsPerAppend = 10_000;

    /// <summary>Longest allowed event type name.</summary>
    public const int MaxTypeLength = 200;

    /// <summary>Default per-event size limit (data plus metadata), 1 MiB.</summary>
    public const int DefaultMaxEventBytes = 1024 * 1024;

    /// <summary>
    /// Prefixes of the system journals that the public global feed shows as an audit trail: sagas, transactions,
    /// registered services, schema registrations and subject erasures. Every other <c>$</c> stream (the bus's topics, subscriptions, forwarders, definitions)
    /// stays internal. The storage readers build their feed filter from this list, so it is the one place to change.
    /// </summary>
    public static readonly IReadOnlyList<string> AuditedSystemStreamPrefixes = ["$saga:", "$tx:", "$service:", "$schema:", "$subject:", "$retention:"];

    /// <summary>Whether events of <paramref name="streamId"/> appear in the public global feed.</summary>
    public static bool IsInPublicFeed(string streamId) =>
        !streamId.StartsWith('$') || AuditedSystemStreamPrefixes.Any(prefix => streamId.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Returns an error message when <paramref name="streamId"/> is not a valid user stream id, otherwise null.</summary>
    public static string? StreamIdError(string? streamId)
    {
        if (string.IsNullOrEmpty(streamId))
        {
            return "A stream id is required.";
        }

        if (streamId.Length > MaxStreamIdLength)
        {
            return $"A stream id has at most {MaxStreamIdLength} characters.";
        }

        if (streamId[0] == '$')
        {
            return "Stream ids starting with '$' are reserved for system streams.";
        }

        foreach (var c in streamId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '@' or '-'))
            {
                return "A stream id uses only letters, digits and _ . : @ -";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="PlatformValidationException"/> unless <paramref name="streamId"/> is valid.</summary>
    public static void EnsureValidStreamId(string? streamId)
    {
        if (StreamIdError(streamId) is { } error)
        {
            throw new PlatformValidationException("streamId", error);
        }
    }

    /// <summary>
    /// Checks an append completely and throws the matching typed exception, so that nothing invalid reaches storage.
    /// </summary>
    public static void EnsureValidAppend(string streamId, AppendRequest request, int maxEventBytes)
    {
        EnsureValidStreamId(streamId);
        var errors = new Dictionary<string, string[]>();
        if (request.ExpectedVersion.Value < -2)
        {
            errors["expectedVersion"] = ["Use a version of 0 or more, \"any\" or \"exists\"."];
        }

        if (request.Events is null || request.Events.Count == 0)
        {
            errors["events"] = ["At least one event is required."];
        }
        else if (request.Events.Count > MaxEventsPerAppend)
        {
            errors["events"] = [$"At most {MaxEventsPerAppend} events per append."];
        }
        else
        {
            CollectEventErrors(request.Events, errors, maxEventBytes);
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }
    }

    private static void CollectEventErrors(IReadOnlyList<EventData> events, Dictionary<string, string[]> errors, int maxEventBytes)
    {
        var seen = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (string.IsNullOrWhiteSpace(e.Type) || e.Type.Length > MaxTypeLength || HasControlCharacters(e.Type))
            {
                errors[$"events[{i}].type"] = [$"A type of 1 to {MaxTypeLength} printable characters is required."];
            }

            if (HasControlCharacters(e.CorrelationId) || HasControlCharacters(e.CausationId) || e.CorrelationId?.Length > 200 || e.CausationId?.Length > 200)
            {
                errors[$"events[{i}].correlationId"] = ["Correlation and causation ids have at most 200 printable characters."];
            }

            if (!IsJsonObject(e.Data))
            {
                errors[$"events[{i}].data"] = ["Data must be a JSON object."];
            }

            if (e.Metadata is not null && !IsJsonObject(e.Metadata))
            {
                errors[$"events[{i}].metadata"] = ["Metadata must be a JSON object."];
            }

            if (e.EventId == Guid.Empty || !seen.Add(e.EventId))
            {
                errors[$"events[{i}].eventId"] = ["Event ids must be non-empty and unique within an append."];
            }

            var size = System.Text.Encoding.UTF8.GetByteCount(e.Data ?? "") + System.Text.Encoding.UTF8.GetByteCount(e.Metadata ?? "");
            if (size > maxEventBytes)
            {
                throw new EventTooLargeException(size, maxEventBytes);
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> contains control characters (such as NUL, which PostgreSQL text rejects).</summary>
    public static bool HasControlCharacters(string? text) => text is not null && text.Any(char.IsControl);

    /// <summary>Whether <paramref name="json"/> is a well-formed JSON object.</summary>
    public static bool IsJsonObject(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
