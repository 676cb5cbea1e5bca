namespace OrleansPlatform.Storage.Erasure;

/// <summary>A subject's wrapped data key as stored: <see cref="WrappedKey"/> is null once the subject was erased.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="WrappedKey">The data key wrapped by the master key, or null when erased.</param>
public sealed record StoredSubjectKey(string SubjectId, byte[]? WrappedKey);

/// <summary>Per-subject data keys (wrapped) and the master key's check value, in the platform's database.</summary>
public interface ISubjectKeyStore
{
    /// <summary>
    /// The subject's key: the one stored, or <paramref name="wrappedIfNew"/> when it had none (the first writer wins,
    /// so two silos racing for a new subject agree). Its <see cref="StoredSubjectKey.WrappedKey"/> is null when erased.
    /// </summary>
    Task<StoredSubjectKey> GetOrAddAsync(string subjectId, byte[] wrappedIfNew, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The stored keys of those of <paramref name="subjectIds"/> that have one (or a tombstone); one round trip.</summary>
    Task<IReadOnlyList<StoredSubjectKey>> GetAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken);

    /// <summary>Drops the subject's key for good (leaving a tombstone) and returns when it was first erased.</summary>
    Task<DateTimeOffset> EraseAsync(string subjectId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Subjects erased at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The master key's check value, stored by the first silo that encrypted anything; null before that.</summary>
    Task<string?> ReadCheckValueAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="checkValue"/> unless one is stored; returns the stored one.</summary>
    Task<string> SetCheckValueAsync(string checkValue, DateTimeOffset now, CancellationToken cancellationToken);
}
