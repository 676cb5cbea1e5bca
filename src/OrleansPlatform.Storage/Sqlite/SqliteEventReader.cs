using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>Reads streams and the global feed from SQLite.</summary>
internal sealed class SqliteEventReader(SqliteConnectionFactory connections)
{
    private const string Columns = SqliteEventColumns.List;

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken)
    {
        var sql = direction == ReadDirection.Forward
            ? $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND version >= $v ORDER BY version LIMIT $l"
            : $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND version <= $v ORDER BY version DESC LIMIT $l";
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", fromVersion);
        command.Parameters.AddWithValue("$l", limit);
        return await SqliteEventColumns.ReadEventsAsync(command, cancellationToken);
    }

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One deferred (read) transaction gives the page and the end of the log from the same snapshot without
        // taking the write lock the group commit needs.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        var types = request.Types is { Count: > 0 } list ? list : null;
        var typeFilter = types is null ? "" : $"AND event_type IN ({string.Join(", ", types.Select((_, i) => "$t" + i))})";
        command.CommandText = $"""
            SELECT {Columns} FROM platform_events
            WHERE position >= $from {typeFilter} AND ($corr IS NULL OR correlation_id = $corr)
              AND ($system OR {PublicFeedSql.Predicate})
            ORDER BY position LIMIT $limit
            """;
        command.Parameters.AddWithValue("$from", request.FromPosition);
        command.Parameters.AddWithValue("$limit", request.Limit);
        command.Parameters.AddWithValue("$corr", (object?)request.CorrelationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$system", request.IncludeSystemStreams);
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue("$t" + i, types![i]);
        }

        var events = await SqliteEventColumns.ReadEventsAsync(command, cancellationToken);
        if (events.Count == request.Limit)
        {
            return new AllEventsSlice(events, events[^1].Position + 1);
        }

        var end = await SqlitePositions.GetEndPositionAsync(connection, cancellationToken);
        return new AllEventsSlice(events, Math.Max(request.FromPosition, end));
    }

    public async Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT version FROM platform_events WHERE stream_id = $s ORDER BY version DESC LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = $s ORDER BY version LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = $s ORDER BY version DESC LIMIT 1)
            """;
        command.Parameters.AddWithValue("$s", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? null
            : new StreamInfo(streamId, reader.GetInt64(0), SqliteEventColumns.FromUnixMs(reader.GetInt64(1)), SqliteEventColumns.FromUnixMs(reader.GetInt64(2)));
    }

    public async Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var ids = eventIds.ToArray();
        command.CommandText = $"SELECT {Columns} FROM platform_events WHERE stream_id = $s AND event_id IN ({string.Join(", ", ids.Select((_, i) => "$e" + i))}) ORDER BY version";
        command.Parameters.AddWithValue("$s", streamId);
        for (var i = 0; i < ids.Length; i++)
        {
            command.Parameters.AddWithValue("$e" + i, ids[i].ToString("D"));
        }

        return await SqliteEventColumns.ReadEventsAsync(command, cancellationToken);
    }

    public async Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken)
    {
        // Both steps walk platform_events_by_time (0012): one seek for the first stamp, then a short range.
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH first AS (SELECT created_at FROM platform_events WHERE created_at >= $t ORDER BY created_at LIMIT 1)
            SELECT min(e.position) FROM platform_events e, first
            WHERE e.created_at >= $t AND e.created_at <= first.created_at + $w
            """;
        command.Parameters.AddWithValue("$t", time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$w", (long)window.TotalMilliseconds);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : null;
    }

    public async Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM platform_events WHERE stream_id = $s AND created_at >= $t ORDER BY version LIMIT 1";
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$t", time.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }
}
