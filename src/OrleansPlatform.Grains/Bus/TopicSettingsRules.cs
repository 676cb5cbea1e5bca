using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Grains.Bus;

internal static class TopicSettingsRules
{
    /// <summary>The largest <c>maxEventBytes</c> a topic may have.</summary>
    public const int MaxEventBytesLimit = 64 * 1024 * 1024;

    public static void EnsureValid(string name, TopicSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (BusRules.NameError(name) is { } nameError)
        {
            errors["topic"] = [nameError];
        }

        if (settings.Partitions is < 1 or > BusRules.MaxPartitions)
        {
            errors["partitions"] = [$"Between 1 and {BusRules.MaxPartitions}."];
        }

        if (settings.Retention <= TimeSpan.Zero)
        {
            errors["retention"] = ["Must be positive."];
        }

        if (settings.DedupWindow < TimeSpan.Zero)
        {
            errors["dedupWindow"] = ["Must not be negative."];
        }

        if (settings.MaxEventBytes is < 1 or > MaxEventBytesLimit)
        {
            errors["maxEventBytes"] = ["Between 1 byte and 64 MiB."];
        }

        if (settings.RateLimit is { } limit && (limit.PermitsPerSecond <= 0 || limit.Burst < 1))
        {
            errors["rateLimit"] = ["permitsPerSecond must be positive and burst at least 1."];
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }
    }
}
