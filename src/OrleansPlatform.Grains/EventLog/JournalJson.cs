using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>The JSON form of journal events in the log: stable, camelCase, enums by name.</summary>
internal static class JournalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
