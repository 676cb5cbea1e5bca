using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>How each silo watches the global feed's frontier on PostgreSQL (<c>Platform:Frontier</c>).</summary>
public sealed class FrontierOptions
{
    /// <summary>How often the frontier's lag and its oldest blocking transaction are read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A frontier held back this long makes readiness report Degraded (still 200) and logs a warning, at most once
    /// a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan WarnAfter { get; set; } = TimeSpan.FromSeconds(10);
}
