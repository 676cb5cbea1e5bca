namespace OrleansPlatform.Storage.Projections;

/// <summary>
/// How one database reads a document field. Every field compares as a (rank, number, text) triple, rank 0 for
/// missing/null/object/array, 1 number, 2 string, 3 boolean, so both databases order and filter alike (strings by
/// ordinal order) and keyset cursors never meet SQL NULLs.
/// </summary>
internal abstract class DocumentSqlDialect
{
    /// <summary>The parameter marker.</summary>
    public abstract char Marker { get; }

    /// <summary>The parameter value of a field path.</summary>
    public abstract object PathValue(IReadOnlyList<string> path);

    /// <summary>The parameter value of a number.</summary>
    public abstract object NumberValue(decimal number);

    public abstract string Rank(string path);

    public abstract string Number(string path);

    public abstract string Text(string path);

    /// <summary>The field is a string containing <paramref name="text"/> or an array holding <paramref name="element"/> (JSON).</summary>
    public abstract string Contains(string path, string text, string element);
}

/// <summary>PostgreSQL: JSONB operators over a text[] path.</summary>
internal sealed class PostgresDocumentSql : DocumentSqlDialect
{
    public static readonly PostgresDocumentSql Instance = new();

    public override char Marker => '@';

    public override object PathValue(IReadOnlyList<string> path) => path.ToArray();

    public override object NumberValue(decimal number) => number;

    public override string Rank(string path) =>
        $"(CASE jsonb_typeof(data #> {path}) WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'boolean' THEN 3 ELSE 0 END)";

    public override string Number(string path) =>
        $"(CASE WHEN jsonb_typeof(data #> {path}) = 'number' THEN (data #>> {path})::numeric ELSE 0 END)";

    public override string Text(string path) =>
        $"(CASE WHEN jsonb_typeof(data #> {path}) IN ('string', 'boolean') THEN data #>> {path} ELSE '' END COLLATE \"C\")";

    public override string Contains(string path, string text, string element) =>
        $"(CASE jsonb_typeof(data #> {path}) WHEN 'string' THEN strpos(data #>> {path}, {text}) > 0 "
        + $"WHEN 'array' THEN data #> {path} @> jsonb_build_array({element}::jsonb) ELSE false END)";
}

/// <summary>SQLite: JSON1 functions over a <c>$."a"."b"</c> path.</summary>
internal sealed class SqliteDocumentSql : DocumentSqlDialect
{
    public static readonly SqliteDocumentSql Instance = new();

    public override char Marker => '$';

    // Member names are validated to letters, digits, '_' and '-', so quoting them cannot break out of the path.
    public override object PathValue(IReadOnlyList<string> path) => "$" + string.Concat(path.Select(p => $".\"{p}\""));

    public override object NumberValue(decimal number) => (double)number;

    public override string Rank(string path) =>
        $"(CASE json_type(data, {path}) WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'true' THEN 3 WHEN 'false' THEN 3 ELSE 0 END)";

    public override string Number(string path) =>
        $"(CASE WHEN json_type(data, {path}) IN ('integer', 'real') THEN json_extract(data, {path}) ELSE 0 END)";

    public override string Text(string path) =>
        $"(CASE json_type(data, {path}) WHEN 'text' THEN json_extract(data, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE '' END)";

    public override string Contains(string path, string text, string element) =>
        $"(CASE json_type(data, {path}) WHEN 'text' THEN instr(json_extract(data, {path}), {text}) > 0 "
        + $"WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(data, {path}) AS e WHERE e.value = json_extract({element}, '$')) ELSE 0 END)";
}
