using Npgsql;
using OrleansPlatform.Bench.Targets;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// The yardstick: what the same database does with the simplest durable write, one single-row INSERT per
/// transaction (autocommit, so every row waits for its own WAL flush). Each writer keeps one connection and one
/// prepared statement, the best case for this pattern, so the ratio against the platform is not flattered.
/// </summary>
internal sealed class BaselineWorkload : IAsyncDisposable
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS bench_baseline (
            id      bigserial PRIMARY KEY,
            stream  text NOT NULL,
            payload json NOT NULL)
        """;

    private const string InsertSql = "INSERT INTO bench_baseline (stream, payload) VALUES ($1, $2::json)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Writer?[] _writers;
    private readonly long[] _sequence;

    private BaselineWorkload(NpgsqlDataSource dataSource, int writers)
    {
        _dataSource = dataSource;
        _writers = new Writer?[writers];
        _sequence = new long[writers];
    }

    public static async Task<BaselineWorkload> CreateAsync(string connectionString, int writers, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Every writer holds a connection for the whole run; a smaller pool would turn writers into pool waiters.
        builder.ConnectionStringBuilder.MaxPoolSize = Math.Max(builder.ConnectionStringBuilder.MaxPoolSize, writers + 1);
        var dataSource = builder.Build();
        await using (var create = dataSource.CreateCommand(CreateTableSql))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new BaselineWorkload(dataSource, writers);
    }

    /// <summary>One INSERT, committed on its own.</summary>
    public async Task<int> InsertAsync(int writer, CancellationToken cancellationToken)
    {
        var w = _writers[writer] ??= await Writer.OpenAsync(_dataSource, writer, cancellationToken);
        try
        {
            w.Payload.TypedValue = BenchEvents.Payload(writer, _sequence[writer]++);
            await w.Insert.ExecuteNonQueryAsync(cancellationToken);
            return 1;
        }
        catch
        {
            // A failed statement may have broken the connection: start the next call on a fresh one.
            _writers[writer] = null;
            await w.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _writers)
        {
            if (w is not null)
            {
                await w.DisposeAsync();
            }
        }

        await _dataSource.DisposeAsync();
    }

    private sealed class Writer(NpgsqlConnection connection, NpgsqlCommand insert, NpgsqlParameter<string> payload) : IAsyncDisposable
    {
        public NpgsqlCommand Insert => insert;

        public NpgsqlParameter<string> Payload => payload;

        public static async Task<Writer> OpenAsync(NpgsqlDataSource dataSource, int writer, CancellationToken cancellationToken)
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var insert = new NpgsqlCommand(InsertSql, connection);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"baseline-{writer}" });
            var payload = new NpgsqlParameter<string> { TypedValue = "{}" };
            insert.Parameters.Add(payload);
            await insert.PrepareAsync(cancellationToken);
            return new Writer(connection, insert, payload);
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
