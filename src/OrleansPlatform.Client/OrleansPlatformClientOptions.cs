namespace OrleansPlatform.Client;

/// <summary>How a .NET service finds the platform's cluster.</summary>
public sealed class OrleansPlatformClientOptions
{
    /// <summary>The cluster to join; must match the silos' <c>Platform:ClusterId</c>.</summary>
    public string ClusterId { get; set; } = "orleans-platform";

    /// <summary>The service id; must match the silos' <c>Platform:ServiceId</c>.</summary>
    public string ServiceId { get; set; } = "orleans-platform";

    /// <summary>
    /// PostgreSQL connection string of the cluster's database: the client discovers live gateways from its
    /// membership table. Takes precedence over <see cref="Gateways"/>.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Fixed gateway endpoints (<c>host:port</c> of silos' gateway ports), e.g. <c>127.0.0.1:30000</c>.</summary>
    public IList<string> Gateways { get; } = new List<string>();

    /// <summary>How long a live subscription waits before asking again once it has caught up.</summary>
    public TimeSpan SubscriptionPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// While a bus handler works through a pulled batch, how often the events finished so far (in offset order) are
    /// acknowledged. Each acknowledgement renews the batch's 30-second lease, so a slow batch is not handed to another
    /// subscriber meanwhile.
    /// </summary>
    public TimeSpan SubscriptionProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a bus handler may work on one event. An overrun cancels the handler's token and counts as a failed
    /// attempt: retried with the subscription's backoff, then dead-lettered with the reason, like any other failure.
    /// </summary>
    public TimeSpan SubscriptionHandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
