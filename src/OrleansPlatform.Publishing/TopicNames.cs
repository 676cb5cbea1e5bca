using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Publishing;

/// <summary>
/// The topic namespace API callers (HTTP and the .NET client) may write to. Topics starting with
/// <see cref="ReservedPrefix"/> carry an event-store subscription's copy of the feed: a caller creating, changing or
/// publishing into one would corrupt what that subscription delivers, so only the platform's forwarder writes them.
/// Reading them stays open.
/// </summary>
public static class TopicNames
{
    /// <summary>Prefix of the platform's internal topics: <c>es.{subscription}</c>.</summary>
    public const string ReservedPrefix = "es.";

    /// <summary>The internal topic an event-store subscription named <paramref name="subscription"/> reads.</summary>
    public static string ForEventStoreSubscription(string subscription) => ReservedPrefix + subscription;

    /// <summary>Refuses a topic an API caller may not create, change or publish into.</summary>
    /// <exception cref="PlatformValidationException">The topic is in the reserved namespace.</exception>
    public static void EnsureNotReserved(string topic)
    {
        if (topic.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new PlatformValidationException("topic",
                $"Topic names starting with '{ReservedPrefix}' are reserved for the platform's internal topics (event-store subscriptions); choose another name.");
        }
    }
}
