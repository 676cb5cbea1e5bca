using Microsoft.Data.Sqlite;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>Opens pooled connections to the embedded database file with the settings every connection needs.</summary>
public sealed class SqliteConnectionFactory(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Builds the connection string for a database file, creating its folder.</summary>
    public static SqliteConnectionFactory ForFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new SqliteConnectionFactory(builder.ToString());
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL lets readers run beside the writer; FULL sync keeps every acknowledged commit across power loss.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
