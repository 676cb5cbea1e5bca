using Npgsql;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.ReadModels;

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

    public async Task<TransactionStatistics> GetStatisticsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var condition = (from is null ? "TRUE" : "created_at >= @from") + (to is null ? "" : " AND created_at < @to");
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT status, COUNT(*) FROM platform_transactions WHERE {condition} GROUP BY status"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DurationPercentiles.Postgres("duration_ms", "platform_transactions", condition)));
        foreach (var command in batch.BatchCommands)
        {
            if (from is { } f)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime>("from", f.UtcDateTime));
            }

            if (to is { } t)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTime>("to", t.UtcDateTime));
            }
        }

        var counts = new Dictionary<TransactionStatus, long>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[TransactionStatusNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return TransactionStatusNames.Build(counts, reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.IsDBNull(1) ? null : reader.GetDouble(1));
    }

    public async Task<TransactionPage> QueryAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        await using var command = dataSource.CreateCommand();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Add("status = ANY(@statuses)");
            command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", statuses.ToArray()));
        }

        if (query.From is { } from)
        {
            where.Add("created_at >= @from");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("from", from.UtcDateTime));
        }

        if (query.To is { } to)
        {
            where.Add("created_at < @to");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("to", to.UtcDateTime));
        }

        if (KeysetCursor.Decode(query.Cursor) is { } cursor)
        {
            where.Add("(created_at, transaction_id) < (@cat, @cid)");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("cat", cursor.At.UtcDateTime));
            command.Parameters.Add(new NpgsqlParameter<string>("cid", cursor.Id));
        }

        command.CommandText = $"""
            SELECT transaction_id, status, journal_version, participants, created_at, finished_at
            FROM platform_transactions {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY created_at DESC, transaction_id DESC LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        var rows = new List<TransactionRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TransactionRow(
                reader.GetString(0), TransactionStatusNames.Parse(reader.GetString(1)), reader.GetInt64(2), reader.GetInt32(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)),
                reader.IsDBNull(5) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc))));
        }

        return TransactionPage.From(rows, query.Limit);
    }
}
