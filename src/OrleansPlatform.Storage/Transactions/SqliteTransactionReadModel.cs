using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.ReadModels;
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

    public async Task<TransactionStatistics> GetStatisticsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var condition = (from is null ? "1 = 1" : "created_at >= $from") + (to is null ? "" : " AND created_at < $to");
        void Bind(SqliteCommand command)
        {
            if (from is { } f)
            {
                command.Parameters.AddWithValue("$from", f.ToUnixTimeMilliseconds());
            }

            if (to is { } t)
            {
                command.Parameters.AddWithValue("$to", t.ToUnixTimeMilliseconds());
            }
        }

        var counts = new Dictionary<TransactionStatus, long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT status, COUNT(*) FROM platform_transactions WHERE {condition} GROUP BY status";
            Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[TransactionStatusNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        var percentiles = new Dictionary<double, double>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = DurationPercentiles.Sqlite("duration_ms", "platform_transactions", condition);
            Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                percentiles[reader.GetDouble(0)] = reader.GetDouble(1);
            }
        }

        return TransactionStatusNames.Build(counts, percentiles.TryGetValue(0.5, out var p50) ? p50 : null, percentiles.TryGetValue(0.99, out var p99) ? p99 : null);
    }

    public async Task<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Add($"status IN ({string.Join(", ", statuses.Select((_, i) => "$s" + i))})");
            for (var i = 0; i < statuses.Count; i++)
            {
                command.Parameters.AddWithValue("$s" + i, statuses[i]);
            }
        }

        if (query.From is { } from)
        {
            where.Add("created_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            where.Add("created_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }

        if (KeysetCursor.Decode(query.Cursor) is { } cursor)
        {
            where.Add("(created_at < $cat OR (created_at = $cat AND transaction_id < $cid))");
            command.Parameters.AddWithValue("$cat", cursor.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$cid", cursor.Id);
        }

        command.CommandText = $"""
            SELECT transaction_id, status, journal_version, participants, created_at, finished_at
            FROM platform_transactions {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY created_at DESC, transaction_id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var rows = new List<TransactionRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TransactionRow(
                reader.GetString(0), TransactionStatusNames.Parse(reader.GetString(1)), reader.GetInt64(2), reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return TransactionPage.From(rows, query.Limit);
    }
}
