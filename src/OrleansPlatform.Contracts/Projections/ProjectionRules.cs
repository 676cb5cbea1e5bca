using System.Globalization;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>Rules of projection names and definitions, shared by gateway, client and grains.</summary>
public static class ProjectionRules
{
    /// <summary>Most rules a definition may have.</summary>
    public const int MaxRules = 200;

    /// <summary>Most type patterns a source may have.</summary>
    public const int MaxTypes = 100;

    /// <summary>Returns an error when <paramref name="name"/> is not a valid projection name.</summary>
    public static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            ? "A projection name has 1 to 100 letters, digits, '_', '.' or '-'."
            : null;

    /// <summary>Whether <paramref name="pointer"/> is an RFC 6901 JSON pointer (<c>""</c> or <c>/a/b</c>, <c>~</c> only as <c>~0</c> or <c>~1</c>).</summary>
    public static bool IsJsonPointer(string? pointer)
    {
        if (pointer is null || (pointer.Length > 0 && pointer[0] != '/'))
        {
            return false;
        }

        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>startFrom</c>: null for <c>latest</c>, 0 for <c>earliest</c> or absent, else the position; false when invalid.</summary>
    public static bool TryParseStartFrom(string? startFrom, out long? position)
    {
        position = 0;
        if (startFrom is null || startFrom == "earliest")
        {
            return true;
        }

        if (startFrom == "latest")
        {
            position = null;
            return true;
        }

        var ok = long.TryParse(startFrom, NumberStyles.None, CultureInfo.InvariantCulture, out var p);
        position = p;
        return ok;
    }

    /// <summary>Throws <see cref="PlatformValidationException"/> naming every problem of the definition.</summary>
    public static void EnsureValid(string name, ProjectionDefinition definition)
    {
        var errors = Validate(name, definition);
        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    /// <summary>The problems of the definition, by field (such as <c>fold.rules[1].set./total</c>); empty when valid.</summary>
    public static Dictionary<string, List<string>> Validate(string name, ProjectionDefinition? definition)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string error) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(error);

        if (NameError(name) is { } nameError)
        {
            Add("name", nameError);
        }

        if (definition is null)
        {
            Add("definition", "A projection definition is required.");
            return errors;
        }

        ValidateSource(definition.Source, Add);
        if (definition.PartitionBy != ProjectionDefinition.StreamIdKey && (string.IsNullOrEmpty(definition.PartitionBy) || !IsJsonPointer(definition.PartitionBy)))
        {
            Add("partitionBy", "partitionBy is 'streamId' or a non-empty JSON pointer into the event such as '/data/customerId'.");
        }

        if (!TryParseStartFrom(definition.StartFrom, out _))
        {
            Add("startFrom", "startFrom is 'earliest', 'latest' or a global position (a non-negative integer).");
        }

        if (!Enum.IsDefined(definition.OnError))
        {
            Add("onError", "onError is 'park' or 'halt'.");
        }

        if (definition.Fold?.Rules is { } rules)
        {
            ValidateRules(rules, Add);
        }

        if (definition.Fold?.Code is { } code && (definition.Fold.Rules is not null || NameError(code) is not null))
        {
            Add("fold.code", "A .NET projection's name has 1 to 100 letters, digits, '_', '.' or '-', and it has no rules.");
        }

        return errors;
    }

    /// <summary>Returns an error when <paramref name="pattern"/> is not a valid event type pattern.</summary>
    public static string? TypePatternError(string? pattern) =>
        string.IsNullOrEmpty(pattern) || pattern.Length > 200 || pattern.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':' or '*'))
            ? "An event type pattern has 1 to 200 letters, digits, '_', '.', '-', ':' or '*' (a wildcard)."
            : null;

    private static void ValidateSource(ProjectionSource? source, Action<string, string> add)
    {
        if (source is null || (string.IsNullOrEmpty(source.StreamPrefix) && source.Types is not { Count: > 0 }))
        {
            add("source", "A projection's source names a streamPrefix and/or event types.");
            return;
        }

        if (source.StreamPrefix is { Length: > 200 })
        {
            add("source.streamPrefix", "A stream prefix has at most 200 characters.");
        }

        if (source.Types is { } types)
        {
            if (types.Count > MaxTypes)
            {
                add("source.types", $"A source lists at most {MaxTypes} event types.");
            }

            for (var i = 0; i < types.Count; i++)
            {
                if (TypePatternError(types[i]) is { } error)
                {
                    add($"source.types[{i}]", error);
                }
            }
        }
    }

    private static void ValidateRules(IReadOnlyList<ProjectionRule> rules, Action<string, string> add)
    {
        if (rules.Count is 0 or > MaxRules)
        {
            add("fold.rules", $"A rules fold has 1 to {MaxRules} rules; use \"mergePatch\" for the default fold.");
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = $"fold.rules[{i}]";
            if (TypePatternError(rule.On) is { } onError)
            {
                add($"{field}.on", onError);
            }

            var actions = (rule.Set?.Count ?? 0) + (rule.Increment?.Count ?? 0) + (rule.Append?.Count ?? 0) + (rule.Remove?.Count ?? 0);
            if (rule.Delete && actions > 0)
            {
                add(field, "A rule that deletes the document has no other action.");
            }
            else if (!rule.Delete && actions == 0)
            {
                add(field, "A rule has at least one of set, increment, append, remove or delete.");
            }

            CheckPointers(rule.Set, $"{field}.set", allowRootTarget: true, add);
            CheckPointers(rule.Append, $"{field}.append", allowRootTarget: false, add);
            foreach (var (target, amount) in rule.Increment ?? new Dictionary<string, decimal>())
            {
                CheckTarget(target, $"{field}.increment", allowRoot: false, add);
                if (amount == 0)
                {
                    add($"{field}.increment.{target}", "An increment is a non-zero number.");
                }
            }

            foreach (var target in rule.Remove ?? [])
            {
                CheckTarget(target, $"{field}.remove", allowRoot: false, add);
            }
        }
    }

    private static void CheckPointers(IReadOnlyDictionary<string, string>? map, string field, bool allowRootTarget, Action<string, string> add)
    {
        foreach (var (target, source) in map ?? new Dictionary<string, string>())
        {
            CheckTarget(target, field, allowRootTarget, add);
            if (!IsJsonPointer(source))
            {
                add($"{field}.{target}", $"'{source}' is not a JSON pointer into the event (such as '/data/total').");
            }
        }
    }

    private static void CheckTarget(string target, string field, bool allowRoot, Action<string, string> add)
    {
        if (!IsJsonPointer(target) || (!allowRoot && target.Length == 0))
        {
            add(field, $"'{target}' is not a JSON pointer to a member of the document (such as '/status').");
        }
    }
}
