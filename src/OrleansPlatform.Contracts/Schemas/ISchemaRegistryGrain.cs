namespace OrleansPlatform.Contracts.Schemas;

/// <summary>
/// The cluster's one schema registry (key 0), journaled in the audited system stream <c>$schema:registry</c>. Every
/// silo keeps a copy of its registrations, so validating an append never calls it.
/// </summary>
[Alias("op.schema.ISchemaRegistryGrain")]
public interface ISchemaRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers a version of <paramref name="eventType"/>'s schema; repeating an identical registration changes nothing.</summary>
    /// <exception cref="Errors.PlatformValidationException">The schema or rules are malformed, or the version does not follow the latest.</exception>
    /// <exception cref="Errors.PlatformConflictException">The version exists with other content, or it would break stored events.</exception>
    [Alias("Register")]
    Task<RegisterSchemaResult> RegisterAsync(string eventType, RegisterSchemaRequest request);

    /// <summary>Every version of <paramref name="eventType"/>'s schema, oldest first; empty when it has none.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<EventSchema>> GetAsync(string eventType);

    /// <summary>Every registration when the registry has moved past <paramref name="knownRevision"/>, otherwise null.</summary>
    [Alias("GetSnapshot")]
    Task<SchemaSnapshot?> GetSnapshotAsync(long knownRevision);
}
