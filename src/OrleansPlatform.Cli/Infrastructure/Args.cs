using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli;

/// <summary>Turns command-line values into request pieces: escaped path segments, query strings, JSON bodies.</summary>
internal static class Args
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Query(params (string Name, object? Value)[] parameters)
    {
        var parts = parameters
            .Where(p => p.Value is not null && !(p.Value is string s && s.Length == 0))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}")
            .ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>A JSON argument given inline, or as @file (read from that file), or - (read from stdin).</summary>
    public static JsonNode? Json(string? text, string what)
    {
        if (text is null)
        {
            return null;
        }

        var content = text switch
        {
            "-" => System.Console.In.ReadToEnd(),
            ['@', .. var path] => ReadFile(path),
            _ => text,
        };
        try
        {
            return JsonNode.Parse(content);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliUsageException($"{what} is not valid JSON: {e.Message}");
        }
    }

    public static JsonNode File(FileInfo file, string what) => Json("@" + file.FullName, what) ?? throw new CliUsageException($"{what} is empty");

    private static string ReadFile(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CliUsageException($"cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliUsageException($"cannot read {path}: {e.Message}");
        }
    }
}
