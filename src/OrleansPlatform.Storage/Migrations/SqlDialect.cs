namespace OrleansPlatform.Storage.Migrations;

/// <summary>The databases the platform stores its data in.</summary>
public enum SqlDialect
{
    Postgres,
    Sqlite,
}

internal static class SqlDialectExtensions
{
    public static string CreateHistoryTableSql(this SqlDialect _) =>
        "CREATE TABLE IF NOT EXISTS platform_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)";

    /// <summary>A transaction-scoped lock that serialises migrators; SQLite's single writer lock already does.</summary>
    public static string? LockSql(this SqlDialect dialect) =>
        dialect == SqlDialect.Postgres ? "SELECT pg_advisory_xact_lock(7355608)" : null;
}
