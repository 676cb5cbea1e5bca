using System.Data.Common;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>The event columns in the order every statement selects them, and how a row becomes an event.</summary>
internal static class PostgresEventColumns
{
    public const string List = "position, stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at, schema_version, checksum, previous_checksum";

    /// <summary>Reads the event whose columns start at ordinal <paramref name="o"/>.</summary>
    public static RecordedEvent Read(DbDataReader reader, int o) => new(
        EventId: reader.GetGuid(o + 3),
        StreamId: reader.GetString(o + 1),
        Version: reader.GetInt64(o + 2),
        Position: reader.GetInt64(o),
        Type: reader.GetString(o + 4),
        Data: reader.GetString(o + 5),
        Metadata: reader.IsDBNull(o + 6) ? null : reader.GetString(o + 6),
        CorrelationId: reader.IsDBNull(o + 7) ? null : reader.GetString(o + 7),
        CausationId: reader.IsDBNull(o + 8) ? null : reader.GetString(o + 8),
        Timestamp: new DateTimeOffset(reader.GetFieldValue<DateTime>(o + 9), TimeSpan.Zero),
        SchemaVersion: reader.IsDBNull(o + 10) ? null : reader.GetInt32(o + 10),
        Checksum: reader.IsDBNull(o + 11) ? null : reader.GetString(o + 11),
        PreviousChecksum: reader.IsDBNull(o + 12) ? null : reader.GetString(o + 12));
}
