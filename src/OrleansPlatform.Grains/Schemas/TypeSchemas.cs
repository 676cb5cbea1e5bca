using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Every registered version of one event type, oldest first (versions are 1..N without gaps).</summary>
internal sealed class TypeSchemas(IReadOnlyList<CompiledSchema> versions)
{
    public IReadOnlyList<CompiledSchema> Versions { get; } = versions;

    public CompiledSchema Latest => Versions[^1];

    public CompiledSchema? Find(int version) => version >= 1 && version <= Versions.Count ? Versions[version - 1] : null;

    /// <summary>
    /// The data of an event stored at <paramref name="storedVersion"/> (null: written before the type had a schema,
    /// read as the first version) upcast to the latest version; the input is never modified.
    /// </summary>
    public string Upcast(string data, int? storedVersion)
    {
        var from = Math.Max(storedVersion ?? 1, 1);
        if (from >= Latest.Version || JsonNode.Parse(data) is not JsonObject node)
        {
            return data;
        }

        for (var version = from + 1; version <= Latest.Version; version++)
        {
            Versions[version - 1].Upcast.Apply(node);
        }

        return node.ToJsonString();
    }

    /// <summary>Whether events stored at <paramref name="storedVersion"/> read differently at the latest version.</summary>
    public bool NeedsUpcast(int? storedVersion) => (storedVersion ?? 1) < Latest.Version;

    /// <summary>The errors of <paramref name="data"/> against <paramref name="schema"/>, with pointers into the data.</summary>
    public static IEnumerable<(string Pointer, string Message)> Errors(CompiledSchema schema, string data)
    {
        using var document = JsonDocument.Parse(data);
        return schema.Errors(document.RootElement).ToList();
    }
}
