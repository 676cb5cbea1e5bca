using System.CommandLine;

namespace OrleansPlatform.Cli;

/// <summary>Options every command accepts (recursive on the root command).</summary>
internal sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public Option<string?> Url { get; } = new("--url") { Description = $"Platform base URL (env ORLEANS_PLATFORM_URL, default {DefaultUrl})", Recursive = true };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key sent as X-Api-Key (env ORLEANS_PLATFORM_API_KEY)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the raw JSON of the response instead of tables", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
