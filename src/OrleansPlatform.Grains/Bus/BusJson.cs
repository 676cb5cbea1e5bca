using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansPlatform.Grains.Bus;

/// <summary>How the bus's grains write their journal events and message envelopes into the log (stable JSON).</summary>
internal static class BusJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
