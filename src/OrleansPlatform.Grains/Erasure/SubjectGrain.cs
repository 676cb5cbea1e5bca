using OrleansPlatform.Contracts.Erasure;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Erasure;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>Journal event: the subject's key was erased (the audited record, in the public feed).</summary>
[EventType("SubjectErased.v1")]
internal sealed record SubjectErased(string SubjectId, DateTimeOffset ErasedAt);

/// <summary>Whether (and when) the subject was erased.</summary>
public sealed class SubjectState : IJournalState
{
    public DateTimeOffset? ErasedAt { get; private set; }

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is SubjectErased erased)
        {
            ErasedAt = erased.ErasedAt;
        }
    }
}

/// <summary>
/// Erases a subject: the key goes first (from then on nothing of the subject can be read), then the audit entry is
/// journaled, so a failure in between is finished by repeating the call, never leaving a journaled erasure whose key survives.
/// </summary>
public sealed class SubjectGrain(JournalServices journal, ISubjectKeyStore keys, SubjectKeyring keyring, ISnapshotStore snapshots)
    : LogBackedGrain<SubjectState>(journal), ISubjectGrain
{
    public const string JournalPrefix = "$subject:";

    private string SubjectId => this.GetPrimaryKeyString();

    protected override string LogStreamId => JournalPrefix + SubjectId;

    public async Task<SubjectErasure> EraseAsync()
    {
        if (string.IsNullOrEmpty(SubjectId) || SubjectId.Length > 200 || EventStoreRules.HasControlCharacters(SubjectId))
        {
            throw new PlatformValidationException("subjectId", "A subject id is 1 to 200 printable characters.");
        }

        if (State.ErasedAt is { } done)
        {
            return new SubjectErasure(SubjectId, done);
        }

        var erasedAt = await keys.EraseAsync(SubjectId, Time.GetUtcNow(), CancellationToken.None);
        keyring.Forget(SubjectId);
        // Stream-state snapshots hold the subject's plaintext folded in: they go with the key (a repeat finishes this too).
        await snapshots.DeleteForSubjectAsync(SubjectId, CancellationToken.None);
        (await JournalAsync([new SubjectErased(SubjectId, erasedAt)])).EnsureCommitted($"Subject '{SubjectId}' changed while it was being erased; try again.");
        return new SubjectErasure(SubjectId, erasedAt);
    }
}
