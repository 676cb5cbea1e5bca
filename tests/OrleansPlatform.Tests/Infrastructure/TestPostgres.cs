using Npgsql;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use, from <c>PLATFORM_TEST_POSTGRES</c> (set by ./test.sh, which starts one).
/// Each fixture gets its own fresh database so fixtures never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "PLATFORM_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }
}
