using OrleansPlatform.Contracts.Erasure;
using OrleansPlatform.Contracts.Schemas;

namespace OrleansPlatform.Client.Schemas;

/// <summary><see cref="ISchemas"/> over grain calls; the registry and the subject grains validate.</summary>
internal sealed class SchemasClient(IClusterClient cluster) : ISchemas
{
    private ISchemaRegistryGrain Registry => cluster.GetGrain<ISchemaRegistryGrain>(0);

    public Task<RegisterSchemaResult> RegisterAsync(string eventType, RegisterSchemaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(request);
        return Registry.RegisterAsync(eventType, request).WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<EventSchema>> GetAsync(string eventType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        return Registry.GetAsync(eventType).WaitAsync(cancellationToken);
    }

    public Task<SubjectErasure> EraseSubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        return cluster.GetGrain<ISubjectGrain>(subjectId).EraseAsync().WaitAsync(cancellationToken);
    }
}
