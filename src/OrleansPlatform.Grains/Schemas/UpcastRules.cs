using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// The declarative upcast from one schema version to the next: <c>rename</c> and <c>move</c> carry a member to a new
/// pointer, <c>default</c> sets a member that is absent, <c>remove</c> drops members. Rules apply in order to a copy
/// of the event's data, so stored bytes never change.
/// </summary>
internal sealed class UpcastRules
{
    private readonly IReadOnlyList<Rule> _rules;

    private UpcastRules(IReadOnlyList<Rule> rules) => _rules = rules;

    /// <summary>No rules: events of the previous version already fit.</summary>
    public static UpcastRules Identity { get; } = new([]);

    /// <summary>
    /// Follows the rules over the set of pointers an event is sure to have (not over data): what they move, default
    /// or remove. Used to tell whether a new version's required members can always be met.
    /// </summary>
    public void ApplyTo(HashSet<string> present)
    {
        foreach (var rule in _rules)
        {
            switch (rule.Kind)
            {
                case RuleKind.Move:
                    var moved = Take(present, rule.From.Text);
                    if (moved.Count > 0)
                    {
                        AddWithParents(present, rule.To!.Text);
                        moved.ForEach(rest => present.Add(rule.To.Text + rest));
                    }

                    break;
                case RuleKind.Default:
                    AddWithParents(present, rule.From.Text);
                    break;
                case RuleKind.Remove:
                    Take(present, rule.From.Text);
                    break;
            }
        }
    }

    /// <summary>Removes a pointer and those below it; returns what was below, relative (the pointer itself as "").</summary>
    private static List<string> Take(HashSet<string> present, string pointer)
    {
        var taken = present.Where(p => p == pointer || p.StartsWith(pointer + "/", StringComparison.Ordinal)).ToList();
        present.ExceptWith(taken);
        return taken.Select(p => p[pointer.Length..]).ToList();
    }

    private static void AddWithParents(HashSet<string> present, string pointer)
    {
        for (var at = pointer; at.Length > 0; at = at[..at.LastIndexOf('/')])
        {
            present.Add(at);
        }
    }

    /// <summary>Parses the rules JSON array; throws a validation error naming <paramref name="field"/> when malformed.</summary>
    public static UpcastRules Parse(string? rulesJson, string field)
    {
        if (string.IsNullOrWhiteSpace(rulesJson))
        {
            return Identity;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(rulesJson);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is not JsonArray array)
        {
            throw new PlatformValidationException(field, "Rules are a JSON array.");
        }

        var rules = new List<Rule>();
        for (var i = 0; i < array.Count; i++)
        {
            rules.AddRange(ParseRule(array[i], $"{field}[{i}]"));
        }

        return new UpcastRules(rules);
    }

    /// <summary>Applies the rules to <paramref name="data"/> in place.</summary>
    public void Apply(JsonObject data)
    {
        foreach (var rule in _rules)
        {
            switch (rule.Kind)
            {
                case RuleKind.Move when rule.From.TryTake(data, out var value):
                    rule.To!.TrySet(data, value);
                    break;
                case RuleKind.Default when !rule.From.Exists(data):
                    rule.From.TrySet(data, rule.Value?.DeepClone());
                    break;
                case RuleKind.Remove:
                    rule.From.TryTake(data, out _);
                    break;
            }
        }
    }

    private static IEnumerable<Rule> ParseRule(JsonNode? node, string field)
    {
        if (node is not JsonObject { Count: 1 } rule)
        {
            throw new PlatformValidationException(field, "A rule is an object with one of rename, move, default or remove.");
        }

        var (name, body) = rule.First();
        return name switch
        {
            "rename" or "move" => Pairs(body, field).Select(p => new Rule(RuleKind.Move, p.Key, Pointer(p.Value?.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : null, field), null)),
            "default" => Pairs(body, field).Select(p => new Rule(RuleKind.Default, p.Key, null, p.Value?.DeepClone())),
            "remove" when body is JsonArray paths => paths.Select(p => new Rule(RuleKind.Remove, Pointer(p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null, field), null, null)),
            _ => throw new PlatformValidationException(field, $"Unknown rule '{name}': use rename, move, default or remove (an array of pointers)."),
        };
    }

    private static List<(JsonPointerPath Key, JsonNode? Value)> Pairs(JsonNode? body, string field) => body is JsonObject pairs && pairs.Count > 0
        ? pairs.Select(p => (Pointer(p.Key, field), p.Value)).ToList()
        : throw new PlatformValidationException(field, "The rule maps JSON pointers, such as {\"/amount\":\"/total\"}.");

    private static JsonPointerPath Pointer(string? text, string field) =>
        JsonPointerPath.TryParse(text) ?? throw new PlatformValidationException(field, $"'{text}' is not a JSON pointer to a member, such as /amount.");

    private enum RuleKind
    {
        Move,
        Default,
        Remove,
    }

    private sealed record Rule(RuleKind Kind, JsonPointerPath From, JsonPointerPath? To, JsonNode? Value);
}
