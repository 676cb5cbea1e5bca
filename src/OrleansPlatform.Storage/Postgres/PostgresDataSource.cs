using System.Data.Common;
using Npgsql;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>Builds the silo's PostgreSQL data source with settings tuned for the event log's hot path.</summary>
public static class PostgresDataSource
{
    /// <summary>Seconds to wait for a connection (new or pooled) unless the connection string sets <c>Timeout</c>.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    /// <summary>
    /// Milliseconds a platform session may sit idle inside a transaction before PostgreSQL ends it, unless the
    /// connection string's <c>Options</c> set <c>idle_in_transaction_session_timeout</c>.
    /// </summary>
    public const int DefaultIdleInTransactionTimeoutMs = 30_000;

    private const string IdleInTransactionSetting = "idle_in_transaction_session_timeout";

    /// <summary>
    /// Creates a data source from a connection string. Unless the connection string says otherwise: the handful of
    /// statements the event log runs thousands of times a second are prepared automatically (no parse and plan per
    /// batch); pooled connections are not reset on return (the log never leaves session state behind, so
    /// <c>DISCARD ALL</c> would be one more statement per batch for nothing); opening a connection gives up after a
    /// few seconds, so appends fail fast while the database is away instead of queueing behind Npgsql's 15 s; and a
    /// session left idle in a transaction is ended, because an open transaction holds back every reader's frontier.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString) => new NpgsqlDataSourceBuilder(Tune(connectionString)).Build();

    /// <summary>The connection string with the platform's defaults filled in where it names none.</summary>
    public static string Tune(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
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

        if (!given.Contains("Timeout"))
        {
            settings.Timeout = DefaultConnectTimeoutSeconds;
        }

        return WithIdleInTransactionTimeout(settings.ConnectionString);
    }

    /// <summary>
    /// The connection string with <c>idle_in_transaction_session_timeout</c> in its <c>Options</c>, unless they set it
    /// already. Every platform session gets it (Orleans' clustering, grain state and reminders too): one of them left
    /// idle in a transaction would hold back the global feed of every silo.
    /// </summary>
    public static string WithIdleInTransactionTimeout(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Options?.Contains(IdleInTransactionSetting, StringComparison.OrdinalIgnoreCase) != true)
        {
            settings.Options = $"{settings.Options} -c {IdleInTransactionSetting}={DefaultIdleInTransactionTimeoutMs}".Trim();
        }

        return settings.ConnectionString;
    }
}
