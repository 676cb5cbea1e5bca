using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>An event the delivery pump holds until its outcome is known: how often it was tried, and when it may go again.</summary>
internal sealed class PendingDelivery(TopicMessage message)
{
    public TopicMessage Message { get; } = message;

    public int Attempts { get; set; }

    public bool InFlight { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
}
