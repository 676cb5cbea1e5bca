using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// Opens sealed events for readers with their subject's key; once the subject is erased they read as
/// <c>"data":null,"redacted":true</c>. Runs for raw reads too: raw means "at the stored schema version", never ciphertext.
/// </summary>
public sealed class DecryptionStep(SubjectKeyring keyring) : IEventPresentationStep
{
    private const string Redacted = "null";

    public async ValueTask<IReadOnlyList<RecordedEvent>> PresentAsync(IReadOnlyList<RecordedEvent> events, bool raw, CancellationToken cancellationToken)
    {
        List<(int Index, SubjectCipher.Envelope? Envelope)>? sealedEvents = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (SubjectCipher.IsSealed(events[i].Data) && IsCallersEvent(events[i].StreamId))
            {
                (sealedEvents ??= []).Add((i, SubjectCipher.Read(events[i].Data)));
            }
        }

        if (sealedEvents is null)
        {
            return events;
        }

        var keys = await keyring.LoadAsync(sealedEvents.Where(s => s.Envelope is not null).Select(s => s.Envelope!.Subject).ToList(), cancellationToken);
        var opened = events.ToArray();
        foreach (var (index, envelope) in sealedEvents)
        {
            var plaintext = envelope is not null && keys.GetValueOrDefault(envelope.Subject) is { } key ? SubjectCipher.Open(envelope, key) : null;
            SchemaTelemetry.RecordOpened(redacted: plaintext is null);
            opened[index] = plaintext is null
                ? opened[index] with { Data = Redacted, Redacted = true }
                : opened[index] with { Data = plaintext };
        }

        return opened;
    }

    // The platform's own journals are never sealed; topic partitions may hold copies of sealed events.
    private static bool IsCallersEvent(string streamId) => !streamId.StartsWith('$') || streamId.StartsWith("$topic:", StringComparison.Ordinal);
}
