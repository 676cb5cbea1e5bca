using Microsoft.Data.Sqlite;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>The event columns in the order every statement selects them, and how rows become events.</summary>
internal static class SqliteEventColumns
{
    public const string List = "position, stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at, schema_version, checksum, previous_checksum";

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RecordedEvent(
                EventId: Guid.Parse(reader.GetString(3)),
                StreamId: reader.GetString(1),
                Version: reader.GetInt64(2),
                Position: reader.GetInt64(0),
                Type: reader.GetString(4),
                Data: reader.GetString(5),
                Metadata: reader.IsDBNull(6) ? null : reader.GetString(6),
                CorrelationId: reader.IsDBNull(7) ? null : reader.GetString(7),
                CausationId: reader.IsDBNull(8) ? null : reader.GetString(8),
                Timestamp: FromUnixMs(reader.GetInt64(9)),
                SchemaVersion: reader.IsDBNull(10) ? null : reader.GetInt32(10),
                Checksum: reader.IsDBNull(11) ? null : reader.GetString(11),
                PreviousChecksum: reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return events;
    }
}
