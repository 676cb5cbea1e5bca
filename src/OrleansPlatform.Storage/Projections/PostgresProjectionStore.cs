using Npgsql;
using NpgsqlTypes;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Projections;

/// <summary>Projection documents in PostgreSQL JSONB (<c>platform_projection_documents</c>) with checkpoints and dead letters.</summary>
public sealed class PostgresProjectionStore(NpgsqlDataSource dataSource) : IProjectionStore
{
    public async Task<IReadOnlyDictionary<int, long>> CheckpointsAsync(string projection, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT partition, next_position FROM platform_projection_checkpoints WHERE projection = @p AND version = @v");
        command.Parameters.Add(new NpgsqlParameter<string>("p", projection));
        command.Parameters.Add(new NpgsqlParameter<int>("v", version));
        var checkpoints = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return checkpoints;
    }

    public async Task<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The checkpoint moves first: its row lock makes a second writer of the partition wait, then find it moved.
        await using (var checkpoint = new NpgsqlCommand("""
            INSERT INTO platform_projection_checkpoints (projection, version, partition, next_position, updated_at)
            VALUES (@p, @v, @part, @next, now())
            ON CONFLICT (projection, version, partition) DO UPDATE SET next_position = excluded.next_position, updated_at = excluded.updated_at
            WHERE platform_projection_checkpoints.next_position = @expected
            """, connection, transaction))
        {
            AddKey(checkpoint, commit.Projection, commit.Version);
            checkpoint.Parameters.Add(new NpgsqlParameter<int>("part", commit.Partition));
            checkpoint.Parameters.Add(new NpgsqlParameter<long>("next", commit.Next));
            checkpoint.Parameters.Add(new NpgsqlParameter<long>("expected", commit.ExpectedNext));
            if (await checkpoint.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var upserts = commit.Changes.Where(c => c.Data is not null).ToList();
            if (upserts.Count > 0)
            {
                var upsert = new NpgsqlBatchCommand("""
                    INSERT INTO platform_projection_documents (projection, version, id, data, doc_version, position)
                    SELECT @p, @v, u.id, u.data::jsonb, u.dv, u.pos FROM unnest(@ids, @data, @dvs, @pos) AS u(id, data, dv, pos)
                    ON CONFLICT (projection, version, id) DO UPDATE SET data = excluded.data, doc_version = excluded.doc_version, position = excluded.position
                    """);
                AddKey(upsert, commit.Projection, commit.Version);
                upsert.Parameters.Add(new NpgsqlParameter<string[]>("ids", upserts.Select(c => c.Id).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<string[]>("data", upserts.Select(c => c.Data!).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<long[]>("dvs", upserts.Select(c => c.Version).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<long[]>("pos", upserts.Select(c => c.Position).ToArray()));
                batch.BatchCommands.Add(upsert);
            }

            if (commit.Changes.Where(c => c.Data is null).Select(c => c.Id).ToArray() is { Length: > 0 } deletes)
            {
                var delete = new NpgsqlBatchCommand("DELETE FROM platform_projection_documents WHERE projection = @p AND version = @v AND id = ANY(@ids)");
                AddKey(delete, commit.Projection, commit.Version);
                delete.Parameters.Add(new NpgsqlParameter<string[]>("ids", deletes));
                batch.BatchCommands.Add(delete);
            }

            foreach (var parked in commit.Parked)
            {
                var park = new NpgsqlBatchCommand("""
                    INSERT INTO platform_projection_parked (projection, version, position, event_id, stream_id, type, document_id, error, parked_at)
                    VALUES (@p, @v, @pos, @eid, @sid, @type, @doc, @error, @at) ON CONFLICT DO NOTHING
                    """);
                AddKey(park, commit.Projection, commit.Version);
                park.Parameters.Add(new NpgsqlParameter<long>("pos", parked.Position));
                park.Parameters.Add(new NpgsqlParameter<Guid>("eid", parked.EventId));
                park.Parameters.Add(new NpgsqlParameter<string>("sid", parked.StreamId));
                park.Parameters.Add(new NpgsqlParameter<string>("type", parked.Type));
                park.Parameters.Add(new NpgsqlParameter("doc", (object?)parked.DocumentId ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Text });
                park.Parameters.Add(new NpgsqlParameter<string>("error", parked.Error));
                park.Parameters.Add(new NpgsqlParameter<DateTime>("at", parked.ParkedAt.UtcDateTime));
                batch.BatchCommands.Add(park);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, ProjectionDocument>> LoadAsync(string projection, int version, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, doc_version, position, data::text FROM platform_projection_documents WHERE projection = @p AND version = @v AND id = ANY(@ids)");
        AddKey(command, projection, version);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids.ToArray()));
        var documents = new Dictionary<string, ProjectionDocument>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents[reader.GetString(0)] = new ProjectionDocument(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
        }

        return documents;
    }

    public async Task<DocumentPage> QueryAsync(string projection, int version, DocumentQuery query, CancellationToken cancellationToken)
    {
        var sql = DocumentQuerySql.Build(PostgresDocumentSql.Instance, query);
        await using var command = dataSource.CreateCommand($"""
            SELECT id, doc_version, position, data::text, {sql.SortColumns}
            FROM platform_projection_documents WHERE projection = @p AND version = @v{sql.Where}
            ORDER BY {sql.OrderBy} LIMIT @limit
            """);
        AddKey(command, projection, version);
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        var rows = new List<(ProjectionDocument Document, DocumentCursor Cursor)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var document = new ProjectionDocument(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
            rows.Add((document, new DocumentCursor(reader.GetInt32(4), reader.GetDecimal(5), reader.GetString(6), document.Id)));
        }

        return DocumentPages.From(rows, query);
    }

    public async Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string projection, int version, long fromPosition, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT position, event_id, stream_id, type, document_id, error, parked_at FROM platform_projection_parked
            WHERE projection = @p AND version = @v AND position >= @from ORDER BY position LIMIT @limit
            """);
        AddKey(command, projection, version);
        command.Parameters.Add(new NpgsqlParameter<long>("from", fromPosition));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var parked = new List<ParkedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parked.Add(new ParkedEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc))));
        }

        return parked;
    }

    public async Task<long> ParkedCountAsync(string projection, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM platform_projection_parked WHERE projection = @p AND version = @v");
        AddKey(command, projection, version);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<FeedRange> FeedRangeAsync(long from, long end, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT count(*), (SELECT created_at FROM platform_events WHERE position >= @from AND position < @end AND {PublicFeedSql.Predicate} ORDER BY position LIMIT 1)
            FROM platform_events WHERE position >= @from AND position < @end AND {PublicFeedSql.Predicate}
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("from", from));
        command.Parameters.Add(new NpgsqlParameter<long>("end", end));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new FeedRange(reader.GetInt64(0), reader.IsDBNull(1) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)));
    }

    public async Task<long> FeedHeadAsync(long end, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT position FROM platform_events WHERE position < @end AND {PublicFeedSql.Predicate} ORDER BY position DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<long>("end", end));
        return await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0;
    }

    public async Task DeleteAsync(string projection, int? version, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var table in new[] { "platform_projection_documents", "platform_projection_checkpoints", "platform_projection_parked" })
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE projection = @p AND (@v::integer IS NULL OR version = @v)");
            delete.Parameters.Add(new NpgsqlParameter<string>("p", projection));
            delete.Parameters.Add(new NpgsqlParameter("v", (object?)version ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Integer });
            batch.BatchCommands.Add(delete);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddKey(NpgsqlCommand command, string projection, int version)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("p", projection));
        command.Parameters.Add(new NpgsqlParameter<int>("v", version));
    }

    private static void AddKey(NpgsqlBatchCommand command, string projection, int version)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("p", projection));
        command.Parameters.Add(new NpgsqlParameter<int>("v", version));
    }
}

internal static class DocumentPages
{
    public static DocumentPage From(List<(ProjectionDocument Document, DocumentCursor Cursor)> rows, DocumentQuery query)
    {
        if (rows.Count <= query.Limit)
        {
            return new DocumentPage(rows.Select(r => r.Document).ToList(), null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new DocumentPage(rows.Select(r => r.Document).ToList(), rows[^1].Cursor.Encode(query.Sort));
    }
}
