using System.Text.Json;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>A saga definition's versions, journaled in <c>$saga-def:{name}</c>.</summary>
public sealed class SagaDefinitionGrain(JournalServices journal) : LogBackedGrain<SagaDefinitionState>(journal), ISagaDefinitionGrain
{
    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$saga-def:{Name}";

    public async Task<(SagaDefinitionInfo Info, bool Created)> PutAsync(SagaDefinition definition)
    {
        SagaRules.EnsureValid(Name, definition);
        if (State.Latest is { } latest && SameDefinition(latest.Definition, definition))
        {
            return (latest, false);
        }

        var stored = new SagaDefinitionStored(Name, State.Versions.Count + 1, definition, Time.GetUtcNow());
        (await JournalAsync([stored])).EnsureCommitted($"Saga definition '{Name}' was changed concurrently; read it and try again.");
        return (State.Latest!, stored.Version == 1);
    }

    public Task<SagaDefinitionInfo?> GetAsync(int? version = null) => Task.FromResult(version switch
    {
        null => State.Latest,
        { } v when v >= 1 && v <= State.Versions.Count => State.Versions[v - 1],
        _ => null,
    });

    // Records compare their lists by reference; their journal form is the definition's identity.
    private static bool SameDefinition(SagaDefinition a, SagaDefinition b) =>
        JsonSerializer.Serialize(a, JournalJson.Options) == JsonSerializer.Serialize(b, JournalJson.Options);
}

/// <summary>Every version of a saga definition.</summary>
public sealed class SagaDefinitionState : IJournalState
{
    private readonly List<SagaDefinitionInfo> _versions = [];

    public IReadOnlyList<SagaDefinitionInfo> Versions => _versions;

    public SagaDefinitionInfo? Latest => _versions.Count > 0 ? _versions[^1] : null;

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is SagaDefinitionStored stored)
        {
            _versions.Add(new SagaDefinitionInfo(stored.Name, stored.Version, stored.Definition, stored.CreatedAt));
        }
    }
}
