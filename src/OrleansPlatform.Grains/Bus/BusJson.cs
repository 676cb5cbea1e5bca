using System.Text.Json;

namespace OrleansPlatform.Grains.Bus;

/// <summary>How the bus's grains write their journal events and message envelopes into the log (stable JSON).</summary>
internal static class BusJson
{
    // One JSON form for everything the grains store, journal events and message envelopes alike.
    public static JsonSerializerOptions Options => EventLog.JournalJson.Options;

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
