using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.Projections;

/// <summary>The wire form of projection definitions: <c>fold</c> is the word <c>"mergePatch"</c> or an object of rules, so it is read and written by hand.</summary>
internal static class ProjectionDefinitionJson
{
    /// <summary>The definition in <paramref name="body"/>, or a validation error naming each field that could not be read.</summary>
    public static ProjectionDefinition Read(PutProjectionBody? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            throw new PlatformValidationException("body", "A projection definition is required.");
        }

        var fold = ReadFold(body.Fold, errors);
        string? startFrom = null;
        if (body.StartFrom is { } start)
        {
            using var json = JsonDocument.Parse(start.Text);
            startFrom = json.RootElement.ValueKind switch
            {
                JsonValueKind.String => json.RootElement.GetString(),
                JsonValueKind.Number => json.RootElement.GetRawText(),
                _ => Error(errors, "startFrom", "startFrom is 'earliest', 'latest' or a global position."),
            };
        }

        var onError = ProjectionErrorMode.Park;
        if (body.OnError is { } mode && !(Enum.TryParse(mode, ignoreCase: true, out onError) && Enum.IsDefined(onError) && !mode.Any(char.IsDigit)))
        {
            errors["onError"] = ["onError is 'park' or 'halt'."];
        }

        return errors.Count > 0
            ? throw new PlatformValidationException(errors)
            : new ProjectionDefinition(
                new ProjectionSource(body.Source?.StreamPrefix, body.Source?.Types),
                body.PartitionBy ?? ProjectionDefinition.StreamIdKey, fold, startFrom, onError);
    }

    /// <summary>The definition as the API shows it (the same shape a PUT takes).</summary>
    public static string Write(ProjectionDefinition definition)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("source");
            if (definition.Source.StreamPrefix is { } prefix)
            {
                w.WriteString("streamPrefix", prefix);
            }

            if (definition.Source.Types is { } types)
            {
                w.WriteStartArray("types");
                types.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteString("partitionBy", definition.PartitionBy);
            if (definition.FoldOrDefault.Code is { } code)
            {
                // A .NET projection (AddProjection<T>): shown, never accepted over HTTP.
                w.WriteStartObject("fold");
                w.WriteString("code", code);
                w.WriteNumber("codeVersion", definition.FoldOrDefault.CodeVersion);
                w.WriteEndObject();
            }
            else if (definition.FoldOrDefault.Rules is not { } rules)
            {
                w.WriteString("fold", "mergePatch");
            }
            else
            {
                w.WriteStartObject("fold");
                w.WriteStartArray("rules");
                foreach (var rule in rules)
                {
                    WriteRule(w, rule);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteString("startFrom", definition.StartFrom ?? "earliest");
            w.WriteString("onError", definition.OnError == ProjectionErrorMode.Halt ? "halt" : "park");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ProjectionFold? ReadFold(RawJson? fold, Dictionary<string, string[]> errors)
    {
        if (fold is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(fold.Value.Text);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.String && root.GetString() == "mergePatch")
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            errors["fold"] = ["fold is \"mergePatch\" or {\"rules\":[...]}."];
            return null;
        }

        var read = new List<ProjectionRule>();
        var i = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            if (ReadRule(rule, $"fold.rules[{i++}]", errors) is { } r)
            {
                read.Add(r);
            }
        }

        return new ProjectionFold(read);
    }

    private static ProjectionRule? ReadRule(JsonElement rule, string field, Dictionary<string, string[]> errors)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            return Error<ProjectionRule>(errors, field, "A rule is an object such as {\"on\":\"OrderPlaced\",\"set\":{\"/status\":\"/data/status\"}}.");
        }

        var known = new HashSet<string>(StringComparer.Ordinal) { "on", "set", "increment", "append", "remove", "delete" };
        foreach (var unknown in rule.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            Error(errors, $"{field}.{unknown.Name}", "Unknown rule member; a rule has on, set, increment, append, remove and delete.");
        }

        var on = rule.TryGetProperty("on", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "";
        var set = Map(rule, "set", field, errors, v => v.ValueKind == JsonValueKind.String ? v.GetString() : null, "a JSON pointer into the event (a string)");
        var increment = Map(rule, "increment", field, errors, v => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d.ToString(CultureInfo.InvariantCulture) : null, "a number");
        var append = Map(rule, "append", field, errors, v => v.ValueKind == JsonValueKind.String ? v.GetString() : null, "a JSON pointer into the event (a string)");
        List<string>? remove = null;
        if (rule.TryGetProperty("remove", out var r))
        {
            remove = r.ValueKind == JsonValueKind.Array && r.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? r.EnumerateArray().Select(e => e.GetString()!).ToList()
                : Error<List<string>>(errors, $"{field}.remove", "remove is an array of JSON pointers into the document.");
        }

        var delete = false;
        if (rule.TryGetProperty("delete", out var d))
        {
            delete = d.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => Error(errors, $"{field}.delete", "delete is true or false.") is not null,
            };
        }

        return new ProjectionRule(on, set, increment?.ToDictionary(p => p.Key, p => decimal.Parse(p.Value, CultureInfo.InvariantCulture)), append, remove, delete);
    }

    private static Dictionary<string, string>? Map(
        JsonElement rule, string name, string field, Dictionary<string, string[]> errors, Func<JsonElement, string?> value, string expected)
    {
        if (!rule.TryGetProperty(name, out var map))
        {
            return null;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            return Error<Dictionary<string, string>>(errors, $"{field}.{name}", $"{name} is an object of document pointers to {expected}.");
        }

        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in map.EnumerateObject())
        {
            if (value(member.Value) is { } v)
            {
                read[member.Name] = v;
            }
            else
            {
                Error(errors, $"{field}.{name}.{member.Name}", $"The value is {expected}.");
            }
        }

        return read;
    }

    private static void WriteRule(Utf8JsonWriter w, ProjectionRule rule)
    {
        w.WriteStartObject();
        w.WriteString("on", rule.On);
        WriteMap(w, "set", rule.Set);
        if (rule.Increment is { } increment)
        {
            w.WriteStartObject("increment");
            foreach (var (k, v) in increment)
            {
                w.WriteNumber(k, v);
            }

            w.WriteEndObject();
        }

        WriteMap(w, "append", rule.Append);
        if (rule.Remove is { } remove)
        {
            w.WriteStartArray("remove");
            remove.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        if (rule.Delete)
        {
            w.WriteBoolean("delete", true);
        }

        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    private static string? Error(Dictionary<string, string[]> errors, string field, string message) => Error<string>(errors, field, message);

    private static T? Error<T>(Dictionary<string, string[]> errors, string field, string message)
        where T : class
    {
        errors[field] = [message];
        return null;
    }
}
