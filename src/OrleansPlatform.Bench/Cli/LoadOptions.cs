using System.CommandLine;

namespace OrleansPlatform.Bench.Cli;

/// <summary>How hard and how long a scenario pushes, as the user gave it.</summary>
internal sealed record LoadSettings(int Writers, TimeSpan Duration, TimeSpan Warmup, FileInfo? JsonFile);

/// <summary>
/// The load-shape options every load scenario shares. Each command gets its own instances, because a
/// System.CommandLine symbol belongs to the command it was added to.
/// </summary>
internal sealed class LoadOptions
{
    public const int MaxWriters = 4_096;

    public Option<int> Writers { get; } = new("--writers")
    {
        Description = "Concurrent writers, each with its own connection or streams.",
        DefaultValueFactory = _ => 64,
    };

    public Option<TimeSpan> Duration { get; } = new("--duration")
    {
        Description = "How long to measure after the warm-up (e.g. 20s, 2m).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(20),
        CustomParser = DurationParser.ParsePositive,
    };

    public Option<TimeSpan> Warmup { get; } = new("--warmup")
    {
        Description = "Load applied before measuring, so connection set-up and grain activation are not measured.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
        CustomParser = DurationParser.Parse,
    };

    public Option<FileInfo?> Json { get; } = new("--json")
    {
        Description = "Also write the summary as a JSON object to this file.",
    };

    public void AddTo(Command command)
    {
        Writers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxWriters)
            {
                r.AddError($"--writers is between 1 and {MaxWriters}.");
            }
        });
        command.Add(Writers);
        command.Add(Duration);
        command.Add(Warmup);
        command.Add(Json);
    }

    public LoadSettings Read(ParseResult parse) =>
        new(parse.GetValue(Writers), parse.GetValue(Duration), parse.GetValue(Warmup), parse.GetValue(Json));
}
