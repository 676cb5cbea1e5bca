using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Retention;

/// <summary>The reclaim job's settings, bound from <c>Platform:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Platform:Retention";

    /// <summary>How often the reclaim job runs (a reminder, so at least a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReclaimEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most event rows one run removes; a stream left half done is finished by the next run.</summary>
    [Range(1, 10_000_000)]
    public int MaxEventsPerRun { get; set; } = 50_000;

    /// <summary>The most streams with metadata one run looks at; the next run continues after the last one.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerRun { get; set; } = 1_000;
}
