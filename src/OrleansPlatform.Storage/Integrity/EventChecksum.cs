using System.Buffers;
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
        // Every append pays this on the writer grain's turn: the fields are laid out in one buffer and hashed in one
        // call (no hash object, no per-field arrays or native calls). The bytes are exactly those of the layout above.
        Span<char> number = stackalloc char[20];
        var versionText = number[..Format(version, number)];
        Span<char> millisNumber = stackalloc char[20];
        var millisText = millisNumber[..Format(timestamp.ToUnixTimeMilliseconds(), millisNumber)];
        Span<char> schemaNumber = stackalloc char[11];
        var schemaText = schemaVersion is { } sv ? schemaNumber[..Format(sv, schemaNumber)] : default;
        Span<char> id = stackalloc char[36];
        eventId.TryFormat(id, out _, "D");
        var previous = string.IsNullOrEmpty(previousChecksum) ? null : previousChecksum;

        var size = (11 * 4) + Utf8(streamId) + Encoding.UTF8.GetByteCount(versionText) + 36 + Utf8(type) + Utf8(data)
            + Utf8(metadata) + Utf8(correlationId) + Utf8(causationId) + Encoding.UTF8.GetByteCount(schemaText)
            + Encoding.UTF8.GetByteCount(millisText) + Utf8(previous);
        var rented = size > 1024 ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[1024] : rented;
        try
        {
            var at = 0;
            Write(buffer, ref at, streamId);
            Write(buffer, ref at, versionText, present: true);
            Write(buffer, ref at, id, present: true);
            Write(buffer, ref at, type);
            Write(buffer, ref at, data);
            Write(buffer, ref at, metadata);
            Write(buffer, ref at, correlationId);
            Write(buffer, ref at, causationId);
            Write(buffer, ref at, schemaText, present: schemaVersion is not null);
            Write(buffer, ref at, millisText, present: true);
            Write(buffer, ref at, previous);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer[..at], digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Utf8(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);

    private static int Format(long value, Span<char> destination)
    {
        value.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture);
        return written;
    }

    private static void Write(Span<byte> buffer, ref int at, string? value) =>
        Write(buffer, ref at, value, present: value is not null);

    private static void Write(Span<byte> buffer, ref int at, ReadOnlySpan<char> value, bool present)
    {
        if (!present)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer[at..], -1);
            at += 4;
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, buffer[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(buffer[at..], written);
        at += 4 + written;
    }
}
