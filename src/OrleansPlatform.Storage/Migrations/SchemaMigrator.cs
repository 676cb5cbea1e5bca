using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Storage.Migrations;

/// <summary>
/// Applies the platform's versioned SQL scripts (embedded <c>Migrations/{Dialect}/NNNN_name.sql</c>) in order, each
/// in its own transaction, and records them in <c>platform_schema_migrations</c>. Safe to run from many silos at once.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    /// <summary>The scripts of one dialect, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts(SqlDialect dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, File: n[prefix.Length..^4]))
            .Select(x => (Version: int.Parse(x.File[..4], System.Globalization.CultureInfo.InvariantCulture), Name: x.File, Sql: ReadResource(assembly, x.Resource)))
            .OrderBy(x => x.Version)
            .ToList();
    }

    /// <summary>Brings the database's schema up to date.</summary>
    public async Task MigrateAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, dialect.CreateHistoryTableSql(), cancellationToken);
        foreach (var (version, name, sql) in Scripts(dialect))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Serialise concurrent migrators (several silos starting together); the loser sees the script applied.
            if (dialect.LockSql() is { } lockSql)
            {
                await ExecuteAsync(connection, transaction, lockSql, cancellationToken);
            }

            if (await IsAppliedAsync(connection, transaction, version, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO platform_schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";
                AddParameter(record, "@v", version);
                AddParameter(record, "@n", name);
                AddParameter(record, "@t", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, dialect, version, name);
        }
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM platform_schema_migrations WHERE version = @v";
        AddParameter(command, "@v", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Dialect} schema migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, SqlDialect dialect, int version, string name);
}
