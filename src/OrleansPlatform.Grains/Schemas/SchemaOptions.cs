using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Event schema settings, bound from <c>Platform:Schemas</c>.</summary>
public sealed class SchemaOptions
{
    public const string Section = "Platform:Schemas";

    /// <summary>How often each silo asks the registry for registrations it has not seen (the registry's own silo learns at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many stored events of a type a new version is checked against before it is accepted.</summary>
    [Range(1, 100_000)]
    public int CompatibilitySample { get; set; } = 200;
}
