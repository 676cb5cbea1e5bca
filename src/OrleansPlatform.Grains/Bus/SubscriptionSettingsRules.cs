using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Grains.Bus;

internal static class SubscriptionSettingsRules
{
    public static void EnsureValid(string name, SubscriptionSettings s)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "name", BusRules.NameError(name));
        if (s.Source is { } source)
        {
            if (source.Partitions is < 1 or > BusRules.MaxPartitions)
            {
                errors["source.partitions"] = [$"Between 1 and {BusRules.MaxPartitions}."];
            }

            if (s.StartFrom.Kind is not (StartKind.Earliest or StartKind.Latest))
            {
                errors["startFrom"] = ["An event store source starts from \"earliest\" or \"latest\"."];
            }

            if (source.StreamPrefix.StartsWith('$'))
            {
                errors["source.streamPrefix"] = ["System streams ('$...') cannot be subscribed to."];
            }
        }
        else
        {
            Check(errors, "topic", BusRules.NameError(s.Topic));
        }
        if (s.Delivery.Kind == DeliveryKind.Webhook
            && !(Uri.TryCreate(s.Delivery.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors["delivery.url"] = ["A webhook needs an absolute http or https URL."];
        }

        if (s.Delivery.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5)))
        {
            errors["delivery.timeout"] = ["Between 0 and 5 minutes."];
        }

        if (s.MaxAttempts is < 1 or > 100)
        {
            errors["maxAttempts"] = ["Between 1 and 100."];
        }

        if (s.MaxInFlight is < 1 or > 1_000)
        {
            errors["maxInFlight"] = ["Between 1 and 1000."];
        }

        if (s.Backoff.Initial <= TimeSpan.Zero || s.Backoff.Multiplier < 1 || s.Backoff.Max < s.Backoff.Initial)
        {
            errors["backoff"] = ["initial must be positive, multiplier at least 1 and max at least initial."];
        }

        if (s.Types.Any(string.IsNullOrWhiteSpace))
        {
            errors["filter.types"] = ["Type patterns must not be empty."];
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }
}
