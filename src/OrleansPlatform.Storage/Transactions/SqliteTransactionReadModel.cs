using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Transactions;

/// <summary>The transactions' read model in the embedded database.</summary>
public sealed class SqliteTransactionReadModel(SqliteConnectionFactory connections) : ITransactionReadModel
{
    public async Task UpsertAsync(TransactionRow row, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO platform_transactions (transaction_id, status, journal_version, participants, created_at, finished_at, duration_ms)
            VALUES ($id, $status, $version, $participants, $created, $finished, $duration)
            ON CONFLICT (transaction_id) DO UPDATE SET status = excluded.status, journal_version = excluded.journal_version,
                finished_at = excluded.finished_at, duration_ms = excluded.duration_ms
            WHERE platform_transactions.journal_version < excluded.journal_version
            """;
        command.Parameters.AddWithValue("$id", row.TransactionId);
        command.Parameters.AddWithValue("$status", TransactionStatusNames.Of(row.Status));
        command.Parameters.AddWithValue("$version", row.JournalVersion);
        command.Parameters.AddWithValue("$participants", row.Participants);
        command.Parameters.AddWithValue("$created", row.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$finished", (object?)row.FinishedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$duration", (object?)(row.FinishedAt - row.CreatedAt)?.TotalMilliseconds ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TransactionStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var counts = new Dictionary<TransactionStatus, long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT status, COUNT(*) FROM platform_transactions GROUP BY status";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[TransactionStatusNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        return await TransactionStatusNames.BuildAsync(counts, async offset =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT duration_ms FROM platform_transactions WHERE duration_ms IS NOT NULL ORDER BY duration_ms LIMIT 1 OFFSET $o";
            command.Parameters.AddWithValue("$o", offset);
            return await command.ExecuteScalarAsync(cancellationToken) is double ms ? ms : null;
        });
    }
}
