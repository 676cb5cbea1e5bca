namespace OrleansPlatform.Contracts.Erasure;

/// <summary>
/// A data subject (a person, a customer) whose events are stored encrypted under its own key, keyed by the subject
/// id that events name in <c>metadata.subject</c>. Its journal <c>$subject:{id}</c> is the audited record of its erasure.
/// </summary>
[Alias("op.erasure.ISubjectGrain")]
public interface ISubjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// Forgets the subject's key for good (crypto-shredding): its events then read as redacted everywhere, and events
    /// naming it are refused. Journals the erasure; repeating it changes nothing and answers the first erasure.
    /// </summary>
    /// <exception cref="Errors.PlatformValidationException">The subject id is malformed.</exception>
    [Alias("Erase")]
    Task<SubjectErasure> EraseAsync();
}

/// <summary>The record of a subject's erasure.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="ErasedAt">When its key was first erased.</param>
[GenerateSerializer, Immutable, Alias("op.erasure.SubjectErasure")]
public sealed record SubjectErasure(
    [property: Id(0)] string SubjectId,
    [property: Id(1)] DateTimeOffset ErasedAt);
