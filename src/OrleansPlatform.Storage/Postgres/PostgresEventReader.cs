using Npgsql;
using NpgsqlTypes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>Reads streams and the global feed from PostgreSQL.</summary>
internal sealed class PostgresEventReader(NpgsqlDataSource dataSource)
{
    private const string Columns = PostgresEventColumns.List;

    // The frontier and the page come from one statement, hence one snapshot: every transaction below the frontier
    // has finished, and no future transaction can get an id below it.
    private static readonly string ReadAllSql = $"""
        WITH f AS MATERIALIZED (SELECT {PostgresPositions.FrontierSql} AS frontier)
        SELECT f.frontier, e.* FROM f LEFT JOIN LATERAL (
            SELECT {Columns} FROM platform_events
            WHERE position >= @from AND position < f.frontier
              AND (@types::text[] IS NULL OR event_type = ANY(@types))
              AND (@corr::text IS NULL OR correlation_id = @corr)
              AND (@system OR {PublicFeedSql.Predicate})
            ORDER BY position LIMIT @limit) e ON true
        """;

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken)
    {
        var sql = direction == ReadDirection.Forward
            ? $"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND version >= @v ORDER BY version LIMIT @l"
            : $"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND version <= @v ORDER BY version DESC LIMIT @l";
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<long>("v", fromVersion));
        command.Parameters.Add(new NpgsqlParameter<int>("l", limit));
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadAllSql);
        command.Parameters.Add(new NpgsqlParameter<long>("from", request.FromPosition));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", request.Limit));
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = request.Types is { Count: > 0 } types ? types.ToArray() : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter("corr", NpgsqlDbType.Text) { Value = (object?)request.CorrelationId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<bool>("system", request.IncludeSystemStreams));

        var events = new List<RecordedEvent>(Math.Min(request.Limit, 1024));
        long frontier = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                frontier = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    events.Add(PostgresEventColumns.Read(reader, 1));
                }
            }
        }

        var next = events.Count == request.Limit
            ? events[^1].Position + 1
            : Math.Max(request.FromPosition, frontier);
        return new AllEventsSlice(events, next);
    }

    public async Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT version FROM platform_events WHERE stream_id = @s ORDER BY version DESC LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = @s ORDER BY version LIMIT 1),
                   (SELECT created_at FROM platform_events WHERE stream_id = @s ORDER BY version DESC LIMIT 1)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0)
            ? null
            : new StreamInfo(streamId, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
    }

    public async Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM platform_events WHERE stream_id = @s AND event_id = ANY(@ids) ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", eventIds.ToArray()));
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version FROM platform_events WHERE stream_id = @s AND created_at >= @t ORDER BY version LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string>("s", streamId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", time.UtcDateTime));
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    public async Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken)
    {
        // Both steps walk platform_events_by_time (0012): one seek for the first stamp, then a short range.
        await using var command = dataSource.CreateCommand("""
            WITH first AS (SELECT created_at FROM platform_events WHERE created_at >= @t ORDER BY created_at LIMIT 1)
            SELECT min(e.position) FROM platform_events e, first
            WHERE e.created_at >= @t AND e.created_at <= first.created_at + @w
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", time.UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("w", window));
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : null;
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(PostgresEventColumns.Read(reader, 0));
        }

        return events;
    }
}
