using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.Integrity;

/// <summary>
/// The one definition of an event's checksum (issue 13): SHA-256, lower-case hex, over the event as STORED (the data
/// is the stored text, ciphertext envelope included for a subject's events, so erasing a subject's key never breaks
/// the chain) and over the previous event's checksum, which chains a stream's events.
/// </summary>
/// <remarks>
/// Canonical byte layout, in this order, each field as a big-endian int32 byte length followed by its UTF-8 bytes,
/// or length -1 and no bytes for null: stream id; version (invariant decimal); event id (Guid "D", lower case);
/// event type; data; metadata; correlation id; causation id; schema version (invariant decimal or null); timestamp
/// (Unix milliseconds, invariant decimal: the precision both backends keep); previous checksum (null for version 1).
/// </remarks>
public static class EventChecksum
{
    /// <summary>The checksum of one stored event given its predecessor's checksum.</summary>
    public static string Compute(string streamId, long version, EventData e, DateTimeOffset timestamp, string? previousChecksum) =>
        Compute(streamId, version, e.EventId, e.Type, e.Data, e.Metadata, e.CorrelationId, e.CausationId, e.SchemaVersion, timestamp, previousChecksum);

    /// <summary>The checksum of a stored row as read back raw (not upcast, not decrypted).</summary>
    public static string Compute(RecordedEvent e, string? previousChecksum) =>
        Compute(e.StreamId, e.Version, e.EventId, e.Type, e.Data, e.Metadata, e.CorrelationId, e.CausationId, e.SchemaVersion, e.Timestamp, previousChecksum);

    /// <summary>The checksums of an append's events, chained from <paramref name="previousChecksum"/>.</summary>
    public static string[] Chain(string streamId, long currentVersion, IReadOnlyList<EventData> events, DateTimeOffset timestamp, string? previousChecksum)
    {
        var checksums = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            previousChecksum = checksums[i] = Compute(streamId, currentVersion + 1 + i, events[i], timestamp, previousChecksum);
        }

        return checksums;
    }

    private static string Compute(
        string streamId, long version, Guid eventId, string type, string data, string? metadata, string? correlationId,
        string? causationId, int? schemaVersion, DateTimeOffset timestamp, string? previousChecksum)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, streamId);
        Append(hash, version.ToString(CultureInfo.InvariantCulture));
        Append(hash, eventId.ToString("D"));
        Append(hash, type);
        Append(hash, data);
        Append(hash, metadata);
        Append(hash, correlationId);
        Append(hash, causationId);
        Append(hash, schemaVersion?.ToString(CultureInfo.InvariantCulture));
        Append(hash, timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Append(hash, string.IsNullOrEmpty(previousChecksum) ? null : previousChecksum);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
