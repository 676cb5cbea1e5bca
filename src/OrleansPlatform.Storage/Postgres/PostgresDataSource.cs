using System.Data.Common;
using Npgsql;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>Builds the silo's PostgreSQL data source with settings tuned for the event log's hot path.</summary>
public static class PostgresDataSource
{
    /// <summary>
    /// Creates a data source from a connection string. Unless the connection string says otherwise, the handful of
    /// statements the event log runs thousands of times a second are prepared automatically (no parse and plan per
    /// batch), and pooled connections are not reset on return (the log never leaves session state behind, so
    /// <c>DISCARD ALL</c> would be one more statement per batch for nothing).
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        // Npgsql's own builder reports every known keyword as present, so look at what the string itself names.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 32;
        }

        if (!given.Contains("NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        return builder.Build();
    }
}
