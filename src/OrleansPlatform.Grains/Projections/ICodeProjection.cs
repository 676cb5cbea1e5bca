using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>A .NET projection registered in the silo, as the projection runtime folds with it.</summary>
public interface ICodeProjection
{
    /// <summary>The projection's name (its <c>/api/v1/projections/{name}</c>).</summary>
    string Name { get; }

    /// <summary>The definition the silo stores for it: source, partition key and <see cref="ProjectionFold.Code"/>.</summary>
    ProjectionDefinition Definition { get; }

    /// <summary>Folds <paramref name="recorded"/> into <paramref name="document"/> (null: none yet); null deletes the document.</summary>
    /// <exception cref="ProjectionRuleException">The projection cannot apply the event (a poison event, parked or halted on).</exception>
    JsonObject? Apply(JsonObject? document, RecordedEvent recorded);
}

/// <summary>The .NET projections registered in this silo, by name.</summary>
public sealed class CodeProjections(IEnumerable<ICodeProjection> projections)
{
    private readonly Dictionary<string, ICodeProjection> _byName = projections.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Every registered projection.</summary>
    public IReadOnlyCollection<ICodeProjection> All => _byName.Values;

    /// <summary>The fold of <paramref name="definition"/> when it is a .NET projection's, else null.</summary>
    /// <exception cref="ProjectionRuleException">It names a .NET projection this silo does not have.</exception>
    public ICodeProjection? For(ProjectionDefinition definition) =>
        definition.FoldOrDefault.Code is not { } code ? null
            : _byName.TryGetValue(code, out var projection) ? projection
            : throw new ProjectionRuleException($".NET projection '{code}' is not registered in this silo (AddProjection<T>() in every silo).");
}
