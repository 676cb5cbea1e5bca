using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Tests.Bus.Delivery;

/// <summary>Topic messages for the delivery unit tests: only offset, key and priority matter there.</summary>
internal static class Messages
{
    public static TopicMessage At(long offset, string? key = "k", MessagePriority priority = MessagePriority.Normal) =>
        new("orders", 0, offset, offset + 1_000, Guid.NewGuid(), key, "OrderPlaced", "{}", priority, null, null, DateTimeOffset.UnixEpoch);
}
