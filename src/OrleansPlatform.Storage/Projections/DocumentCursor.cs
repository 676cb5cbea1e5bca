using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Storage.Projections;

/// <summary>
/// A keyset position in a document query: the sort field's (type rank, number, text) and the document id, so pages
/// are stable under writes, unlike offsets. Bound to the sort it was made for.
/// </summary>
public sealed record DocumentCursor(int Rank, decimal Number, string Text, string Id)
{
    public static string SortKey(DocumentSort? sort) =>
        sort is null || sort.Path.Count == 0 ? "" : (sort.Descending ? "-" : "+") + string.Join('.', sort.Path);

    public string Encode(DocumentSort? sort)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var part in new[] { SortKey(sort), Rank.ToString(CultureInfo.InvariantCulture), Number.ToString(CultureInfo.InvariantCulture), Text, Id })
            {
                writer.WriteStringValue(part);
            }

            writer.WriteEndArray();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>The cursor, null when absent; throws a validation error naming <c>cursor</c> when it is not one of this sort.</summary>
    public static DocumentCursor? Decode(string? cursor, DocumentSort? sort)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(cursor));
            var parts = json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? json.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray()
                : [];
            if (parts is { Length: 5 } && parts[0] == SortKey(sort)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank)
                && decimal.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return new DocumentCursor(rank, number, parts[3], parts[4]);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the validation error: a client sent something that is not our cursor.
        }

        throw new PlatformValidationException("cursor", "The cursor is not one this query returned (it is bound to the query's sort).");
    }
}
