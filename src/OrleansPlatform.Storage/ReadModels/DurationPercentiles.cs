namespace OrleansPlatform.Storage.ReadModels;

/// <summary>
/// The median and 99th percentile of a duration column, computed by the database as a continuous percentile:
/// PostgreSQL's <c>percentile_cont</c>, and on SQLite (which has none) the same linear interpolation between the
/// rows at <c>floor(p * (n - 1))</c> and the next, so both backends give the same figures.
/// </summary>
public static class DurationPercentiles
{
    /// <summary>One row: p50, p99 (null when no row has a duration).</summary>
    public static string Postgres(string durationExpression, string table, string where) => $"""
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ({durationExpression})::float8),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY ({durationExpression})::float8)
        FROM {table} WHERE {where} AND ({durationExpression}) IS NOT NULL
        """;

    /// <summary>Rows (p, value) for p = 0.5 and 0.99; none when no row has a duration.</summary>
    public static string Sqlite(string durationExpression, string table, string where) => $"""
        WITH d AS (
            SELECT ({durationExpression}) * 1.0 AS v, ROW_NUMBER() OVER (ORDER BY ({durationExpression}) * 1.0) - 1 AS i
            FROM {table} WHERE {where} AND ({durationExpression}) IS NOT NULL),
        n AS (SELECT COUNT(*) AS n FROM d),
        q AS (SELECT p, p * (n - 1) AS r, CAST(p * (n - 1) AS INTEGER) AS lo FROM (SELECT 0.5 AS p UNION ALL SELECT 0.99), n WHERE n > 0),
        b AS (SELECT q.p, q.r, q.lo, lo_v.v AS vlo, COALESCE(hi_v.v, lo_v.v) AS vhi FROM q
              JOIN d lo_v ON lo_v.i = q.lo LEFT JOIN d hi_v ON hi_v.i = q.lo + 1)
        SELECT p, CASE WHEN r = lo THEN vlo ELSE vlo + (vhi - vlo) * (r - lo) END FROM b ORDER BY p
        """;
}
