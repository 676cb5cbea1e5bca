using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>
/// Positions come from PostgreSQL's transaction counter: a database whose counter restarted below its stored positions
/// (a dump/restore) must refuse to run, and a repeated position must be refused by the database itself.
/// </summary>
public sealed class PostgresPositionGuardTests
{
    [Fact]
    public async Task EnsureCounterAhead_StoredPositionBeyondTheCounter_RefusesNamingTheRemedy()
    {
        await using var dataSource = await MigratedDatabaseAsync();
        var restoredFrom = await NextTransactionIdAsync(dataSource) + 5_000_000_000L;
        await InsertAsync(dataSource, restoredFrom << PostgresPositions.OrdinalBits | 1);

        var error = await Assert.ThrowsAsync<TransactionCounterBehindException>(
            () => new PostgresPositions(dataSource).EnsureCounterAheadAsync(CancellationToken.None));

        Assert.Contains($"written by transaction {restoredFrom}", error.Message, StringComparison.Ordinal);
        Assert.Contains("pg_resetwal -e 1 -x ", error.Message, StringComparison.Ordinal);
        Assert.Contains("pg_upgrade and physical replication", error.Message, StringComparison.Ordinal);
        var target = restoredFrom / (1L << 20) * (1L << 20) + (1L << 20);
        Assert.Contains($"-x {target & uint.MaxValue} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCounterAhead_PositionsFromThisServer_Passes()
    {
        await using var dataSource = await MigratedDatabaseAsync();
        await new PostgresEventLog(dataSource).AppendBatchAsync([EventLogContractTests.Append(EventLogContractTests.Stream(), 0, 3)], CancellationToken.None);

        await new PostgresPositions(dataSource).EnsureCounterAheadAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Insert_PositionAlreadyStored_IsRefusedByTheDatabase()
    {
        await using var dataSource = await MigratedDatabaseAsync();
        await InsertAsync(dataSource, 42);

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(dataSource, 42));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("platform_events_position_unique", error.ConstraintName);
    }

    [Fact]
    public async Task Start_CounterBehindTheLog_HostRefusesToStart()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await MigrateAsync(dataSource);
            await InsertAsync(dataSource, (await NextTransactionIdAsync(dataSource) + 1_000_000) << PostgresPositions.OrdinalBits);
        }

        await using var host = PlatformHost.Postgres(connectionString, "guard-" + Guid.NewGuid().ToString("N"));
        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.Contains("pg_resetwal", error?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static async Task<NpgsqlDataSource> MigratedDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await MigrateAsync(dataSource);
        return dataSource;
    }

    private static async Task MigrateAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Postgres, CancellationToken.None);
    }

    private static async Task<long> NextTransactionIdAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task InsertAsync(NpgsqlDataSource dataSource, long position)
    {
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO platform_events (position, stream_id, version, event_id, event_type, data, created_at)
            VALUES (@p, @s, 1, @id, 'Restored', json_build_object(), now())
            """);
        insert.Parameters.AddWithValue("p", position);
        insert.Parameters.AddWithValue("s", "restored-" + Guid.NewGuid().ToString("N"));
        insert.Parameters.AddWithValue("id", Guid.NewGuid());
        await insert.ExecuteNonQueryAsync();
    }
}
