using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>Metrics of each silo's bounded subject-key cache (issue 13).</summary>
internal static class ErasureTelemetry
{
    public const string Name = "OrleansPlatform.Erasure";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>("platform.erasure.keycache.lookups", "{lookup}", "Subject-key cache lookups, by outcome: hit, miss.");
    private static readonly Counter<long> Evicted = Meter.CreateCounter<long>("platform.erasure.keycache.evicted", "{key}", "Subject keys dropped because the cache was full (Platform:Erasure:KeyCacheSize).");
    private static readonly Counter<long> Erased = Meter.CreateCounter<long>("platform.erasure.erased", "{subject}", "Subjects whose key this silo forgot.");

    public static void RecordLookup(bool hit) => Lookups.Add(1, new KeyValuePair<string, object?>("outcome", hit ? "hit" : "miss"));

    public static void RecordEvicted() => Evicted.Add(1);

    public static void RecordErased() => Erased.Add(1);
}
