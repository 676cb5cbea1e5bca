using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Storage.ReadModels;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Sagas;

/// <summary>The saga read model in the embedded database's <c>platform_sagas</c> (times as Unix milliseconds).</summary>
public sealed class SqliteSagaIndex(SqliteConnectionFactory connections) : ISagaIndex
{
    public async Task UpsertAsync(SagaIndexEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await UpsertAsync(connection, null, entry, cancellationToken);
    }

    public async Task UpsertManyAsync(IReadOnlyList<SagaIndexEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var entry in entries)
        {
            await UpsertAsync(connection, transaction, entry, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task UpsertAsync(SqliteConnection connection, SqliteTransaction? transaction, SagaIndexEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO platform_sagas (saga_id, definition, definition_version, status, started_at, ended_at, journal_version, compensated, reason, failed_step)
            VALUES ($id, $def, $ver, $status, $started, $ended, $jv, $comp, $reason, $step)
            ON CONFLICT (saga_id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at, journal_version = excluded.journal_version,
                compensated = excluded.compensated, reason = excluded.reason, failed_step = excluded.failed_step
            WHERE platform_sagas.journal_version < excluded.journal_version
            """;
        command.Parameters.AddWithValue("$id", entry.SagaId);
        command.Parameters.AddWithValue("$def", entry.Definition);
        command.Parameters.AddWithValue("$ver", entry.DefinitionVersion);
        command.Parameters.AddWithValue("$status", entry.Status);
        command.Parameters.AddWithValue("$started", entry.StartedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$ended", (object?)entry.EndedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$jv", entry.JournalVersion);
        command.Parameters.AddWithValue("$comp", entry.Compensated ? 1 : 0);
        command.Parameters.AddWithValue("$reason", (object?)entry.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$step", (object?)entry.FailedStep ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SagaPage> QueryAsync(SagaQuery query, CancellationToken cancellationToken)
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

        if (query.Definition is { } definition)
        {
            where.Add("definition = $def");
            command.Parameters.AddWithValue("$def", definition);
        }

        if (query.From is { } from)
        {
            where.Add("started_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            where.Add("started_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }

        if (KeysetCursor.Decode(query.Cursor) is { } cursor)
        {
            where.Add("(started_at < $cat OR (started_at = $cat AND saga_id < $cid))");
            command.Parameters.AddWithValue("$cat", cursor.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$cid", cursor.Id);
        }

        command.CommandText = $"""
            SELECT saga_id, definition, definition_version, status, started_at, ended_at, journal_version, compensated, reason, failed_step
            FROM platform_sagas {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY started_at DESC, saga_id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var rows = new List<SagaIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SagaIndexEntry(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetInt64(6), reader.GetInt64(7) != 0, reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return SagaPages.From(rows, query.Limit);
    }

    public async Task<SagaStatistics> StatisticsAsync(SagaStatisticsFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = new List<string> { "1 = 1" };
        if (filter.Definition is not null)
        {
            where.Add("definition = $def");
        }

        if (filter.From is not null)
        {
            where.Add("started_at >= $from");
        }

        if (filter.To is not null)
        {
            where.Add("started_at < $to");
        }

        var condition = string.Join(" AND ", where);
        void Bind(SqliteCommand command)
        {
            if (filter.Definition is { } definition)
            {
                command.Parameters.AddWithValue("$def", definition);
            }

            if (filter.From is { } from)
            {
                command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            }

            if (filter.To is { } to)
            {
                command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            }
        }

        var counts = new List<(string, string, long, long)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT definition, status, count(*), sum(compensated) FROM platform_sagas WHERE {condition} GROUP BY definition, status";
            Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        var percentiles = new Dictionary<double, double>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = DurationPercentiles.Sqlite("ended_at - started_at", "platform_sagas", condition);
            Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                percentiles[reader.GetDouble(0)] = reader.GetDouble(1);
            }
        }

        return SagaStatisticsBuilder.Build(counts, percentiles.TryGetValue(0.5, out var p50) ? p50 : null, percentiles.TryGetValue(0.99, out var p99) ? p99 : null);
    }
}
