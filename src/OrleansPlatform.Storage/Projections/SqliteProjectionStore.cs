using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Projections;

/// <summary>Projection documents in the embedded database (JSON text read with JSON1; times as Unix milliseconds).</summary>
public sealed class SqliteProjectionStore(SqliteConnectionFactory connections, TimeProvider time) : IProjectionStore
{
    public async Task<IReadOnlyDictionary<int, long>> CheckpointsAsync(string projection, int version, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT partition, next_position FROM platform_projection_checkpoints WHERE projection = $p AND version = $v", projection, version);
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
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var checkpoint = Command(connection, transaction, """
            INSERT INTO platform_projection_checkpoints (projection, version, partition, next_position, updated_at)
            VALUES ($p, $v, $part, $next, $at)
            ON CONFLICT (projection, version, partition) DO UPDATE SET next_position = excluded.next_position, updated_at = excluded.updated_at
            WHERE platform_projection_checkpoints.next_position = $expected
            """, commit.Projection, commit.Version))
        {
            checkpoint.Parameters.AddWithValue("$part", commit.Partition);
            checkpoint.Parameters.AddWithValue("$next", commit.Next);
            checkpoint.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            checkpoint.Parameters.AddWithValue("$expected", commit.ExpectedNext);
            if (await checkpoint.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        foreach (var change in commit.Changes)
        {
            await using var write = Command(connection, transaction, change.Data is null
                ? "DELETE FROM platform_projection_documents WHERE projection = $p AND version = $v AND id = $id"
                : """
                  INSERT INTO platform_projection_documents (projection, version, id, data, doc_version, position) VALUES ($p, $v, $id, json($data), $dv, $pos)
                  ON CONFLICT (projection, version, id) DO UPDATE SET data = excluded.data, doc_version = excluded.doc_version, position = excluded.position
                  """, commit.Projection, commit.Version);
            write.Parameters.AddWithValue("$id", change.Id);
            if (change.Data is not null)
            {
                write.Parameters.AddWithValue("$data", change.Data);
                write.Parameters.AddWithValue("$dv", change.Version);
                write.Parameters.AddWithValue("$pos", change.Position);
            }

            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var parked in commit.Parked)
        {
            await using var park = Command(connection, transaction, """
                INSERT INTO platform_projection_parked (projection, version, position, event_id, stream_id, type, document_id, error, parked_at)
                VALUES ($p, $v, $pos, $eid, $sid, $type, $doc, $error, $at) ON CONFLICT DO NOTHING
                """, commit.Projection, commit.Version);
            park.Parameters.AddWithValue("$pos", parked.Position);
            park.Parameters.AddWithValue("$eid", parked.EventId.ToString());
            park.Parameters.AddWithValue("$sid", parked.StreamId);
            park.Parameters.AddWithValue("$type", parked.Type);
            park.Parameters.AddWithValue("$doc", (object?)parked.DocumentId ?? DBNull.Value);
            park.Parameters.AddWithValue("$error", parked.Error);
            park.Parameters.AddWithValue("$at", parked.ParkedAt.ToUnixTimeMilliseconds());
            await park.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, ProjectionDocument>> LoadAsync(string projection, int version, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, ProjectionDocument>(StringComparer.Ordinal);
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = Command(connection, null,
                $"SELECT id, doc_version, position, data FROM platform_projection_documents WHERE projection = $p AND version = $v AND id IN ({string.Join(", ", chunk.Select((_, i) => "$i" + i))})",
                projection, version);
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue("$i" + i, chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents[reader.GetString(0)] = new ProjectionDocument(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
            }
        }

        return documents;
    }

    public async Task<DocumentPage> QueryAsync(string projection, int version, DocumentQuery query, CancellationToken cancellationToken)
    {
        var sql = DocumentQuerySql.Build(SqliteDocumentSql.Instance, query);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"""
            SELECT id, doc_version, position, data, {sql.SortColumns}
            FROM platform_projection_documents WHERE projection = $p AND version = $v{sql.Where}
            ORDER BY {sql.OrderBy} LIMIT $limit
            """, projection, version);
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue("$" + name, value);
        }

        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var rows = new List<(ProjectionDocument Document, DocumentCursor Cursor)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var document = new ProjectionDocument(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
            rows.Add((document, new DocumentCursor(reader.GetInt32(4), (decimal)reader.GetDouble(5), reader.GetString(6), document.Id)));
        }

        return DocumentPages.From(rows, query);
    }

    public async Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string projection, int version, long fromPosition, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT position, event_id, stream_id, type, document_id, error, parked_at FROM platform_projection_parked
            WHERE projection = $p AND version = $v AND position >= $from ORDER BY position LIMIT $limit
            """, projection, version);
        command.Parameters.AddWithValue("$from", fromPosition);
        command.Parameters.AddWithValue("$limit", limit);
        var parked = new List<ParkedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parked.Add(new ParkedEvent(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return parked;
    }

    public async Task<long> ParkedCountAsync(string projection, int version, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT count(*) FROM platform_projection_parked WHERE projection = $p AND version = $v", projection, version);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<FeedRange> FeedRangeAsync(long from, long end, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), (SELECT created_at FROM platform_events WHERE position >= $from AND position < $end AND {PublicFeedSql.Predicate} ORDER BY position LIMIT 1)
            FROM platform_events WHERE position >= $from AND position < $end AND {PublicFeedSql.Predicate}
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$end", end);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new FeedRange(reader.GetInt64(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public async Task<long> FeedHeadAsync(long end, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT position FROM platform_events WHERE position < $end AND {PublicFeedSql.Predicate} ORDER BY position DESC LIMIT 1";
        command.Parameters.AddWithValue("$end", end);
        return await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0;
    }

    public async Task DeleteAsync(string projection, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "platform_projection_documents", "platform_projection_checkpoints", "platform_projection_parked" })
        {
            await using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE projection = $p AND ($v IS NULL OR version = $v)", projection, null);
            delete.Parameters["$v"].Value = (object?)version ?? DBNull.Value;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string projection, int? version)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", projection);
        command.Parameters.AddWithValue("$v", (object?)version ?? DBNull.Value);
        return command;
    }
}
