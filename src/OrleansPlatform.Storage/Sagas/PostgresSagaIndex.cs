using Npgsql;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Storage.ReadModels;

namespace OrleansPlatform.Storage.Sagas;

/// <summary>The saga read model in PostgreSQL's <c>platform_sagas</c>.</summary>
public sealed class PostgresSagaIndex(NpgsqlDataSource dataSource) : ISagaIndex
{
    public async Task UpsertAsync(SagaIndexEntry entry, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_sagas (saga_id, definition, definition_version, status, started_at, ended_at, journal_version, compensated, reason, failed_step)
            VALUES (@id, @def, @ver, @status, @started, @ended, @jv, @comp, @reason, @step)
            ON CONFLICT (saga_id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at, journal_version = excluded.journal_version,
                compensated = excluded.compensated, reason = excluded.reason, failed_step = excluded.failed_step
            WHERE platform_sagas.journal_version < excluded.journal_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("id", entry.SagaId));
        command.Parameters.Add(new NpgsqlParameter<string>("def", entry.Definition));
        command.Parameters.Add(new NpgsqlParameter<int>("ver", entry.DefinitionVersion));
        command.Parameters.Add(new NpgsqlParameter<string>("status", entry.Status));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("started", entry.StartedAt.UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter("ended", (object?)entry.EndedAt?.UtcDateTime ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long>("jv", entry.JournalVersion));
        command.Parameters.Add(new NpgsqlParameter<bool>("comp", entry.Compensated));
        command.Parameters.Add(new NpgsqlParameter("reason", (object?)entry.Reason ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter("step", (object?)entry.FailedStep ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpsertManyAsync(IReadOnlyList<SagaIndexEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_sagas (saga_id, definition, definition_version, status, started_at, ended_at, journal_version, compensated, reason, failed_step)
            SELECT * FROM unnest(@id, @def, @ver, @status, @started, @ended, @jv, @comp, @reason, @step)
            ON CONFLICT (saga_id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at, journal_version = excluded.journal_version,
                compensated = excluded.compensated, reason = excluded.reason, failed_step = excluded.failed_step
            WHERE platform_sagas.journal_version < excluded.journal_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("id", entries.Select(e => e.SagaId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("def", entries.Select(e => e.Definition).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("ver", entries.Select(e => e.DefinitionVersion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("status", entries.Select(e => e.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("started", entries.Select(e => e.StartedAt.UtcDateTime).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("ended", entries.Select(e => e.EndedAt?.UtcDateTime).ToArray())
            { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long[]>("jv", entries.Select(e => e.JournalVersion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("comp", entries.Select(e => e.Compensated).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("reason", entries.Select(e => e.Reason).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter("step", entries.Select(e => e.FailedStep).ToArray()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SagaPage> QueryAsync(SagaQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        await using var command = dataSource.CreateCommand();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Add("status = ANY(@statuses)");
            command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", statuses.ToArray()));
        }

        if (query.Definition is { } definition)
        {
            where.Add("definition = @def");
            command.Parameters.Add(new NpgsqlParameter<string>("def", definition));
        }

        if (query.From is { } from)
        {
            where.Add("started_at >= @from");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("from", from.UtcDateTime));
        }

        if (query.To is { } to)
        {
            where.Add("started_at < @to");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("to", to.UtcDateTime));
        }

        if (KeysetCursor.Decode(query.Cursor) is { } cursor)
        {
            where.Add("(started_at, saga_id) < (@cat, @cid)");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("cat", cursor.At.UtcDateTime));
            command.Parameters.Add(new NpgsqlParameter<string>("cid", cursor.Id));
        }

        command.CommandText = $"""
            SELECT saga_id, definition, definition_version, status, started_at, ended_at, journal_version, compensated, reason, failed_step
            FROM platform_sagas {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY started_at DESC, saga_id DESC LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        var rows = new List<SagaIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SagaIndexEntry(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)),
                reader.IsDBNull(5) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)),
                reader.GetInt64(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return SagaPages.From(rows, query.Limit);
    }

    public async Task<SagaStatistics> StatisticsAsync(SagaStatisticsFilter filter, CancellationToken cancellationToken)
    {
        var where = new List<string> { "TRUE" };
        if (filter.Definition is not null)
        {
            where.Add("definition = @def");
        }

        if (filter.From is not null)
        {
            where.Add("started_at >= @from");
        }

        if (filter.To is not null)
        {
            where.Add("started_at < @to");
        }

        var condition = string.Join(" AND ", where);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT definition, status, count(*), count(*) FILTER (WHERE compensated) FROM platform_sagas WHERE {condition} GROUP BY definition, status"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DurationPercentiles.Postgres("extract(epoch FROM ended_at - started_at) * 1000", "platform_sagas", condition)));
        foreach (var c in batch.BatchCommands)
        {
            if (filter.Definition is { } definition)
            {
                c.Parameters.Add(new NpgsqlParameter<string>("def", definition));
            }

            if (filter.From is { } from)
            {
                c.Parameters.Add(new NpgsqlParameter<DateTime>("from", from.UtcDateTime));
            }

            if (filter.To is { } to)
            {
                c.Parameters.Add(new NpgsqlParameter<DateTime>("to", to.UtcDateTime));
            }
        }

        var counts = new List<(string, string, long, long)>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double? p50 = reader.IsDBNull(0) ? null : reader.GetDouble(0);
        double? p99 = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        return SagaStatisticsBuilder.Build(counts, p50, p99);
    }
}

internal static class SagaPages
{
    public static SagaPage From(List<SagaIndexEntry> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new SagaPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new SagaPage(rows, KeysetCursor.Encode(rows[^1].StartedAt, rows[^1].SagaId));
    }
}
