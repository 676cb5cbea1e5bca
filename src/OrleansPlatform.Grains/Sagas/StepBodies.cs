using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>Builds step request bodies from the saga's input and outputs, and reads step answers.</summary>
internal static class StepBodies
{
    /// <summary>
    /// The step's context <c>{"input":...,"outputs":{"step":output}}</c>, mapped by <see cref="StepAction.Body"/>
    /// (target pointer -> source pointer; a source that does not resolve gives <c>null</c>), or whole when unmapped.
    /// </summary>
    public static string Build(SagaState state, StepAction action)
    {
        var outputs = new JsonObject();
        foreach (var (step, output) in Outputs(state))
        {
            outputs[step] = JsonNode.Parse(output);
        }

        var context = new JsonObject { ["input"] = JsonNode.Parse(state.Input), ["outputs"] = outputs };
        if (action.Body is not { Count: > 0 } mapping)
        {
            return context.ToJsonString();
        }

        JsonNode? body = new JsonObject();
        foreach (var (target, source) in mapping.OrderBy(m => m.Key.Length))
        {
            var value = Resolve(context, source)?.DeepClone();
            if (target.Length == 0)
            {
                body = value;
                continue;
            }

            if (body is not JsonObject root)
            {
                continue;
            }

            var parts = Segments(target);
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = value;
        }

        return body?.ToJsonString() ?? "null";
    }

    /// <summary>The outputs (JSON) of the steps that succeeded, by step name.</summary>
    public static Dictionary<string, string> Outputs(SagaState state) =>
        state.StepStates
            .Where(s => s.Output is not null && s.Status is StepStatus.Succeeded or StepStatus.Compensating or StepStatus.Compensated or StepStatus.CompensationFailed or StepStatus.Retrying)
            .ToDictionary(s => s.Definition.Name, s => s.Output!, StringComparer.Ordinal);

    /// <summary>An answer as JSON: as is when it parses, as a JSON string when not, <c>null</c> when empty.</summary>
    public static string AsJson(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "null";
        }

        try
        {
            using var _ = JsonDocument.Parse(body);
            return body;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(body);
        }
    }

    /// <summary>The correlation id of a bus step's command and its reply.</summary>
    public static string CorrelationId(string sagaId, string step) => $"{sagaId}:{step}";

    /// <summary>The event id of a bus step's command: derived from its idempotency key, so a retry is a duplicate.</summary>
    public static Guid CommandId(string idempotencyKey) => new(XxHash128.Hash(Encoding.UTF8.GetBytes(idempotencyKey)));

    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        if (pointer.Length == 0)
        {
            return node;
        }

        foreach (var part in Segments(pointer))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static string[] Segments(string pointer) =>
        pointer[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
}
