using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>How a journal write ended.</summary>
public enum JournalStatus
{
    /// <summary>Durable, and folded into the state.</summary>
    Committed,

    /// <summary>Storage refused it (another writer took the version, or an event id is taken); nothing was kept and the state was re-read.</summary>
    Conflict,

    /// <summary>Storage failed; whether it was kept is unknown. The grain re-reads its journal before its next write.</summary>
    Fault,
}

/// <summary>The outcome of one journal write, returned rather than thrown so every caller decides what it means.</summary>
/// <param name="Status">Committed, conflict or fault.</param>
/// <param name="FirstVersion">The first entry's version, when committed.</param>
/// <param name="LastVersion">The last entry's version when committed; otherwise the journal's version after re-reading.</param>
/// <param name="LastPosition">The global position of the last entry, when committed.</param>
/// <param name="Error">The storage error, when it faulted: a retry with the same event ids is safe.</param>
public readonly record struct JournalOutcome(JournalStatus Status, long FirstVersion, long LastVersion, long LastPosition, PlatformException? Error = null)
{
    /// <summary>True when the entries are durable.</summary>
    public bool Committed => Status == JournalStatus.Committed;

    /// <summary>
    /// Throws unless committed: a fault rethrows its storage error (503 over HTTP), a conflict becomes a
    /// <see cref="PlatformConflictException"/> with <paramref name="conflictMessage"/>.
    /// </summary>
    public JournalOutcome EnsureCommitted(string conflictMessage) => Status switch
    {
        JournalStatus.Committed => this,
        JournalStatus.Fault => throw Error!,
        _ => throw new PlatformConflictException(conflictMessage),
    };
}
