namespace OrleansPlatform.Grains.TimeTravel;

/// <summary>How the global feed is searched by time, bound from <c>Platform:Feed</c>.</summary>
public sealed class FeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Platform:Feed";

    /// <summary>
    /// <c>Platform:Feed:MaxClockSkew</c>: how far silo clocks (and so event stamps) may disagree with commit order.
    /// A feed started at a time looks back this far so an event stamped late by a slow clock is never skipped.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws with the key's name when the settings cannot work.</summary>
    public void Validate()
    {
        if (MaxClockSkew < TimeSpan.Zero || MaxClockSkew > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException("Platform:Feed:MaxClockSkew must be between 00:00:00 and 01:00:00.");
        }
    }
}
