using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Adapts a C# <see cref="IProjection{TDocument}"/> to the runtime's JSON documents.</summary>
public static class CodeProjection
{
    /// <summary>The runtime's view of <paramref name="projection"/>, which implements <see cref="IProjection{TDocument}"/> once.</summary>
    /// <exception cref="ArgumentException">It implements no <see cref="IProjection{TDocument}"/>, or more than one.</exception>
    public static ICodeProjection Create(string name, object projection)
    {
        var interfaces = projection.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IProjection<>)).ToList();
        if (interfaces.Count != 1)
        {
            throw new ArgumentException($"{projection.GetType().Name} must implement IProjection<TDocument> exactly once.", nameof(projection));
        }

        var adapter = typeof(Adapter<>).MakeGenericType(interfaces[0].GetGenericArguments()[0]);
        return (ICodeProjection)Activator.CreateInstance(adapter, name, projection)!;
    }

    private sealed class Adapter<TDocument>(string name, IProjection<TDocument> projection) : ICodeProjection
        where TDocument : class
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public string Name => name;

        public ProjectionDefinition Definition { get; } = new(
            projection.Source, projection.PartitionBy, new ProjectionFold(Code: name, CodeVersion: projection.Version), null, projection.OnError);

        public JsonObject? Apply(JsonObject? document, RecordedEvent recorded)
        {
            TDocument? typed;
            try
            {
                typed = document?.Deserialize<TDocument>(Json);
            }
            catch (JsonException e)
            {
                throw new ProjectionRuleException($"The document does not read as {typeof(TDocument).Name}: {e.Message}");
            }

            TDocument? result;
            try
            {
                result = projection.Apply(typed, recorded);
            }
            catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
            {
                // Not swallowed: whatever the team's fold throws makes the event poison, parked with this message
                // (or halting the projection), exactly as a declarative rule that cannot apply.
                throw new ProjectionRuleException($"{projection.GetType().Name}.Apply threw {e.GetType().Name}: {e.Message}");
            }

            return result is null ? null
                : JsonSerializer.SerializeToNode(result, Json) as JsonObject
                  ?? throw new ProjectionRuleException($"{typeof(TDocument).Name} does not serialize to a JSON object.");
        }
    }
}
