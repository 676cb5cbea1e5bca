using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>Seals the data of events whose <c>metadata.subject</c> is set with that subject's key, before they are stored.</summary>
internal static class AppendSealing
{
    /// <summary>
    /// The events to store, those naming a subject sealed. Without a master key such events are refused (400): they
    /// are never stored as plaintext. An erased subject is refused with 409.
    /// </summary>
    public static async ValueTask<IReadOnlyList<EventData>> SealAsync(SubjectKeyring keyring, IReadOnlyList<EventData> events)
    {
        EventData[]? sealedEvents = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (SubjectCipher.IsSealed(e.Data))
            {
                errors[$"/events/{i}/data/{SubjectCipher.EnvelopeMember}"] = ["This member name is reserved for encrypted data."];
            }

            if (SubjectOf(e.Metadata, $"/events/{i}/metadata/subject", errors) is not { } subject)
            {
                continue;
            }

            if (!keyring.IsEnabled)
            {
                errors[$"/events/{i}/metadata/subject"] = ["Events naming a subject are stored encrypted, and no master key is configured (Platform:Erasure:MasterKey)."];
                continue;
            }

            sealedEvents ??= [.. events];
            sealedEvents[i] = e with { Data = SubjectCipher.Seal(subject, await keyring.KeyForWriteAsync(subject), e.Data) };
            SchemaTelemetry.RecordSealed();
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }

        return sealedEvents ?? events;
    }

    /// <summary>The metadata's <c>subject</c>, or null when there is none; a malformed one is an error.</summary>
    private static string? SubjectOf(string? metadata, string pointer, Dictionary<string, string[]> errors)
    {
        // Most events name no subject: only metadata mentioning one is parsed.
        if (metadata is null || !metadata.Contains("\"subject\"", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(metadata);
        if (!document.RootElement.TryGetProperty("subject", out var subject) || subject.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (subject.ValueKind != JsonValueKind.String || subject.GetString() is not { Length: > 0 and <= 200 } id || EventStoreRules.HasControlCharacters(id))
        {
            errors[pointer] = ["A subject is a string of 1 to 200 printable characters."];
            return null;
        }

        return id;
    }
}
