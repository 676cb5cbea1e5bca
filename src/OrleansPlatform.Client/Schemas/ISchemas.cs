using OrleansPlatform.Contracts.Erasure;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Client.Schemas;

/// <summary>
/// Event schemas, upcasts and erasure as a .NET service uses them: the same semantics as <c>/api/v1/schemas</c> and
/// <c>/api/v1/subjects</c>, errors as typed exceptions.
/// </summary>
public interface ISchemas
{
    /// <summary>
    /// Registers a version of <paramref name="eventType"/>'s JSON Schema, with the upcast rules from the previous
    /// version when stored events need them; repeating an identical registration changes nothing.
    /// </summary>
    /// <param name="eventType">The event type the schema governs.</param>
    /// <param name="request">The version, the schema and the optional upcast.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The registered version, and whether it was new.</returns>
    /// <exception cref="Contracts.Errors.PlatformValidationException">The schema or rules are malformed, or the version does not follow the latest; <c>Errors</c> names each field.</exception>
    /// <exception cref="Contracts.Errors.PlatformConflictException">The version exists with other content, or stored events could not be upcast to it (a breaking version).</exception>
    Task<RegisterSchemaResult> RegisterAsync(string eventType, RegisterSchemaRequest request, CancellationToken cancellationToken = default);

    /// <summary>Every registered version of <paramref name="eventType"/>'s schema, oldest first; empty when it has none.</summary>
    Task<IReadOnlyList<EventSchema>> GetAsync(string eventType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a data subject (crypto-shredding): its key is forgotten, so every event naming it in
    /// <c>metadata.subject</c> reads with null data and <c>Redacted</c> from then on. Cannot be undone; repeating it
    /// answers the first erasure.
    /// </summary>
    /// <exception cref="Contracts.Errors.PlatformValidationException">The subject id is malformed.</exception>
    Task<SubjectErasure> EraseSubjectAsync(string subjectId, CancellationToken cancellationToken = default);
}
