using Npgsql;
using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Storage.Transactions;

/// <summary>The transactions' read model in PostgreSQL.</summary>
public sealed class PostgresTransactionReadModel(NpgsqlDataSource dataSource) : ITransactionReadModel
{
    public async Task UpsertAsync(TransactionRow row, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_transactions (transaction_id, status, journal_version, participants, created_at, finished_at, duration_ms)
            VALUES (@id, @status, @version, @participants, @created, @finished, @duration)
            ON CONFLICT (transaction_id) DO UPDATE SET status = excluded.status, journal_version = excluded.journal_version,
                finished_at = excluded.finished_at, duration_ms = excluded.duration_ms
            WHERE platform_transactions.journal_version < excluded.journal_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("id", row.TransactionId));
        command.Parameters.Add(new NpgsqlParameter<string>("status", TransactionStatusNames.Of(row.Status)));
        command.Parameters.Add(new NpgsqlParameter<long>("version", row.JournalVersion));
        command.Parameters.Add(new NpgsqlParameter<int>("participants", row.Participants));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("created", row.CreatedAt.UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter("finished", (object?)row.FinishedAt?.UtcDateTime ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter("duration", (object?)(row.FinishedAt - row.CreatedAt)?.TotalMilliseconds ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TransactionStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<TransactionStatus, long>();
        await using (var command = dataSource.CreateCommand("SELECT status, COUNT(*) FROM platform_transactions GROUP BY status"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[TransactionStatusNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        return await TransactionStatusNames.BuildAsync(counts, async offset =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT duration_ms FROM platform_transactions WHERE duration_ms IS NOT NULL ORDER BY duration_ms LIMIT 1 OFFSET @o");
            command.Parameters.Add(new NpgsqlParameter<long>("o", offset));
            return await command.ExecuteScalarAsync(cancellationToken) is double ms ? ms : null;
        });
    }
}
