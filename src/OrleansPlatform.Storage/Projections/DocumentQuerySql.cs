using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Storage.Projections;

/// <summary>Turns a <see cref="DocumentQuery"/> into parameterised SQL: user input only ever reaches the database as parameters.</summary>
internal sealed class DocumentQuerySql
{
    private readonly DocumentSqlDialect _d;
    private readonly List<string> _where = [];

    private DocumentQuerySql(DocumentSqlDialect dialect) => _d = dialect;

    public List<(string Name, object Value)> Parameters { get; } = [];

    public string Where => _where.Count == 0 ? "" : " AND " + string.Join(" AND ", _where);

    /// <summary>Rank, number and text of the sort field (constants when sorting by id), selected and ordered by.</summary>
    public string SortColumns { get; private set; } = "0, 0, ''";

    public string OrderBy { get; private set; } = "id";

    public static DocumentQuerySql Build(DocumentSqlDialect dialect, DocumentQuery query)
    {
        var sql = new DocumentQuerySql(dialect);
        for (var i = 0; i < query.Filters.Count; i++)
        {
            sql._where.Add(sql.Filter(query.Filters[i], i));
        }

        var descending = query.Sort?.Descending == true;
        var rank = "0";
        var number = "0";
        var text = "''";
        if (query.Sort is { Path.Count: > 0 } sort)
        {
            var path = sql.Add("sp", dialect.PathValue(sort.Path));
            (rank, number, text) = (dialect.Rank(path), dialect.Number(path), dialect.Text(path));
            sql.SortColumns = $"{rank}, {number}, {text}";
            var direction = descending ? " DESC" : "";
            sql.OrderBy = $"{rank}{direction}, {number}{direction}, {text}{direction}, id{direction}";
        }

        if (DocumentCursor.Decode(query.Cursor, query.Sort) is { } cursor)
        {
            var row = query.Sort is { Path.Count: > 0 }
                ? $"({rank}, {number}, {text}, id)"
                : "(id)";
            var values = query.Sort is { Path.Count: > 0 }
                ? $"({sql.Add("cr", cursor.Rank)}, {sql.Add("cn", dialect.NumberValue(cursor.Number))}, {sql.Add("ct", cursor.Text)}, {sql.Add("ci", cursor.Id)})"
                : $"({sql.Add("ci", cursor.Id)})";
            sql._where.Add($"{row} {(descending ? "<" : ">")} {values}");
        }

        return sql;
    }

    private string Filter(DocumentFilter filter, int i)
    {
        var path = Add($"f{i}p", _d.PathValue(filter.Path));
        using var literal = JsonDocument.Parse(filter.Value);
        var value = literal.RootElement;
        if (filter.Op == DocumentFilterOp.Contains)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            return _d.Contains(path, Add($"f{i}s", text), Add($"f{i}j", filter.Value));
        }

        var (rank, field, operand) = value.ValueKind switch
        {
            JsonValueKind.Number => (1, _d.Number(path), Add($"f{i}v", _d.NumberValue(value.GetDecimal()))),
            JsonValueKind.String => (2, _d.Text(path), Add($"f{i}v", value.GetString()!)),
            _ => (3, _d.Text(path), Add($"f{i}v", value.GetRawText())),
        };
        var op = filter.Op switch
        {
            DocumentFilterOp.Gt => ">",
            DocumentFilterOp.Ge => ">=",
            DocumentFilterOp.Lt => "<",
            DocumentFilterOp.Le => "<=",
            _ => "=",
        };
        var test = $"({_d.Rank(path)} = {rank.ToString(CultureInfo.InvariantCulture)} AND {field} {op} {operand})";
        return filter.Op == DocumentFilterOp.Ne ? $"NOT {test}" : test;
    }

    private string Add(string name, object value)
    {
        Parameters.Add((name, value));
        return _d.Marker + name;
    }
}
