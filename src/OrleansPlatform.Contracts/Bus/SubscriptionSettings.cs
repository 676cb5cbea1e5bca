namespace OrleansPlatform.Contracts.Bus;

/// <summary>A consumer group on a topic: what it receives, how, and what happens when delivery fails.</summary>
/// <param name="Topic">The topic it reads.</param>
/// <param name="Types">Event types it wants; <c>*</c> wildcards allowed (<c>Order*</c>). Empty means all.</param>
/// <param name="Delivery">Webhook push or pull.</param>
/// <param name="StartFrom">Where a new subscription starts.</param>
/// <param name="MaxAttempts">Delivery attempts before an event moves to the dead-letter queue.</param>
/// <param name="Backoff">Wait between attempts (exponential, with jitter).</param>
/// <param name="MaxInFlight">Events (of different keys) delivered at once per partition.</param>
/// <param name="Source">When set, the subscription reads the event store's global feed instead of a topic.</param>
[GenerateSerializer, Immutable, Alias("op.bus.SubscriptionSettings")]
public sealed record SubscriptionSettings(
    [property: Id(0)] string Topic,
    [property: Id(1)] IReadOnlyList<string> Types,
    [property: Id(2)] DeliverySettings Delivery,
    [property: Id(3)] StartPosition StartFrom,
    [property: Id(4)] int MaxAttempts,
    [property: Id(5)] BackoffSettings Backoff,
    [property: Id(6)] int MaxInFlight,
    [property: Id(7)] EventStoreSource? Source = null)
{
    /// <summary>Whether an event type passes the filter.</summary>
    public bool Accepts(string type) => Types.Count == 0 || Types.Any(pattern => TypePattern.Matches(pattern, type));
}

/// <summary>
/// The event store's global feed as a subscription source: events of streams whose id starts with
/// <paramref name="StreamPrefix"/>, keyed by stream id (so each stream's events stay in order).
/// </summary>
/// <param name="StreamPrefix">Stream id prefix; empty means every (non-system) stream.</param>
/// <param name="Partitions">Partitions of the subscription's internal topic: how many streams are delivered in parallel.</param>
[GenerateSerializer, Immutable, Alias("op.bus.EventStoreSource")]
public sealed record EventStoreSource([property: Id(0)] string StreamPrefix, [property: Id(1)] int Partitions = 4);

/// <summary>How events reach the subscriber.</summary>
public enum DeliveryKind
{
    /// <summary>The platform POSTs each event as a CloudEvent to <see cref="DeliverySettings.Url"/>.</summary>
    Webhook,

    /// <summary>The subscriber pulls batches and acknowledges them.</summary>
    Pull,
}

/// <summary>Delivery settings.</summary>
/// <param name="Kind">Webhook or pull.</param>
/// <param name="Url">The webhook's absolute http(s) URL.</param>
/// <param name="Secret">When set, each webhook request is signed: <c>X-Platform-Signature: sha256=HMAC(body)</c>.</param>
/// <param name="Timeout">How long one webhook call may take before it counts as failed.</param>
/// <param name="SecretRef">
/// Set by the platform: where <paramref name="Secret"/> is kept. Journals hold only this reference, never the secret.
/// </param>
[GenerateSerializer, Immutable, Alias("op.bus.DeliverySettings")]
public sealed record DeliverySettings(
    [property: Id(0)] DeliveryKind Kind,
    [property: Id(1)] string? Url = null,
    [property: Id(2)] string? Secret = null,
    [property: Id(3)] TimeSpan? Timeout = null,
    [property: Id(4)] string? SecretRef = null);

/// <summary>Where to start (or seek to).</summary>
public enum StartKind
{
    /// <summary>The oldest retained event.</summary>
    Earliest,

    /// <summary>Only events published from now on.</summary>
    Latest,

    /// <summary>Given offsets per partition (missing partitions start at the earliest).</summary>
    Offsets,

    /// <summary>The first events published at or after a time.</summary>
    Time,
}

/// <summary>A start or seek position.</summary>
/// <param name="Kind">Which kind of position.</param>
/// <param name="Offsets">Per-partition offsets, for <see cref="StartKind.Offsets"/>.</param>
/// <param name="Time">The time, for <see cref="StartKind.Time"/>.</param>
[GenerateSerializer, Immutable, Alias("op.bus.StartPosition")]
public sealed record StartPosition(
    [property: Id(0)] StartKind Kind,
    [property: Id(1)] IReadOnlyDictionary<int, long>? Offsets = null,
    [property: Id(2)] DateTimeOffset? Time = null)
{
    /// <summary>Start with the oldest retained event.</summary>
    public static StartPosition Earliest { get; } = new(StartKind.Earliest);

    /// <summary>Start with the next published event.</summary>
    public static StartPosition Latest { get; } = new(StartKind.Latest);
}

/// <summary>Exponential backoff: <c>min(Initial * Multiplier^(attempt-1), Max)</c>, randomised by up to ±20%.</summary>
[GenerateSerializer, Immutable, Alias("op.bus.BackoffSettings")]
public sealed record BackoffSettings(
    [property: Id(0)] TimeSpan Initial,
    [property: Id(1)] double Multiplier,
    [property: Id(2)] TimeSpan Max)
{
    /// <summary>The defaults of api.md: 200 ms, doubling, at most 30 s.</summary>
    public static BackoffSettings Default { get; } = new(TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(30));

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1, with <paramref name="jitter"/> in [0, 1).</summary>
    public TimeSpan DelayAfter(int attempt, double jitter)
    {
        var raw = Initial.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        var capped = Math.Min(raw, Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * jitter)));
    }
}

/// <summary>Type filters with <c>*</c> wildcards.</summary>
public static class TypePattern
{
    /// <summary>Whether <paramref name="type"/> matches <paramref name="pattern"/> (<c>*</c> matches any run of characters).</summary>
    public static bool Matches(string pattern, string type)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, type, StringComparison.Ordinal);
        }

        if (!type.StartsWith(parts[0], StringComparison.Ordinal) || !type.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var index = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = type.IndexOf(parts[i], index, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            index = found + parts[i].Length;
        }

        return index <= type.Length - parts[^1].Length;
    }
}
