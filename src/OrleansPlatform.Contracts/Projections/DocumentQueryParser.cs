using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>Parses the query-string form of document queries: <c>filter=field:op:value</c>, <c>sort=-field</c>, <c>limit</c>.</summary>
public static class DocumentQueryParser
{
    /// <summary>Most documents a page may hold.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>Most filters a query may have.</summary>
    public const int MaxFilters = 20;

    /// <summary>Builds the query, or throws <see cref="PlatformValidationException"/> naming each bad parameter (<c>filter[1]</c>, <c>sort</c>, <c>limit</c>).</summary>
    public static DocumentQuery Parse(IReadOnlyList<string> filters, string? sort, int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = new List<DocumentFilter>();
        if (filters.Count > MaxFilters)
        {
            errors["filter"] = [$"A query has at most {MaxFilters} filters."];
        }

        for (var i = 0; i < filters.Count; i++)
        {
            if (ParseFilter(filters[i], out var filter) is { } error)
            {
                errors[$"filter[{i}]"] = [error];
            }
            else
            {
                parsed.Add(filter!);
            }
        }

        DocumentSort? order = null;
        if (!string.IsNullOrEmpty(sort))
        {
            var descending = sort[0] == '-';
            var field = sort[0] is '-' or '+' ? sort[1..] : sort;
            if (PathError(field, out var path) is { } error)
            {
                errors["sort"] = [error + " Sort is 'field' or '-field' (largest first)."];
            }
            else
            {
                order = new DocumentSort(path, descending);
            }
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit is 1 to {MaxLimit}."];
        }

        return errors.Count > 0 ? throw new PlatformValidationException(errors) : new DocumentQuery(parsed, order, limit ?? 100, cursor);
    }

    /// <summary>Returns an error when <paramref name="field"/> is not a dotted path of member names.</summary>
    public static string? PathError(string field, out IReadOnlyList<string> path)
    {
        var segments = field.Split('.');
        path = segments;
        return field.Length == 0 || segments.Length > 10 || segments.Any(s => s.Length is 0 or > 100 || s.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            ? $"'{field}' is not a field: member names of letters, digits, '_' or '-', joined by '.'."
            : null;
    }

    private static string? ParseFilter(string text, out DocumentFilter? filter)
    {
        filter = null;
        var parts = text.Split(':', 3);
        if (parts.Length != 3)
        {
            return $"'{text}' is not field:op:value (op: eq, ne, gt, ge, lt, le, contains).";
        }

        if (PathError(parts[0], out var path) is { } pathError)
        {
            return pathError;
        }

        if (!Enum.TryParse<DocumentFilterOp>(parts[1], ignoreCase: true, out var op) || !Enum.IsDefined(op) || parts[1].Any(char.IsDigit))
        {
            return $"'{parts[1]}' is not an operator: eq, ne, gt, ge, lt, le or contains.";
        }

        filter = new DocumentFilter(path, op, Literal(parts[2]));
        return null;
    }

    // Numbers and booleans compare as such; "quoted" forces a string; anything else is a string.
    private static string Literal(string value)
    {
        if (value is "true" or "false")
        {
            return value;
        }

        if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Trim() == value)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return "\"" + JsonEncodedText.Encode(value).Value + "\"";
    }
}
