using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Projection runtime settings, bound from <c>Platform:Projections</c>.</summary>
public sealed class ProjectionOptions
{
    public const string Section = "Platform:Projections";

    /// <summary>
    /// Partitions of a new projection version: grains that each fold the documents whose id hashes to them, spread over
    /// the silos. Each reads the whole feed, so more partitions than cores to fold with only multiply the reading.
    /// </summary>
    [Range(1, 64)]
    public int Partitions { get; set; } = 2;

    /// <summary>Feed events read per page.</summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 5_000;

    /// <summary>How often an idle partition looks at the feed's head (a busy one reads page after page).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A partition that has not advanced for this long while the head is ahead of it is restarted by its watchdog.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the watchdog runs (a grain timer; the cluster reminder behind it revives partitions after a silo dies).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bounds each storage call of a partition, so a hung call cannot stall it forever.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Documents a partition keeps in memory between pages.</summary>
    [Range(0, 10_000_000)]
    public int CachedDocuments { get; set; } = 100_000;

    /// <summary>
    /// Most feed (or stream) events one history read (a document at a point, its diff or what-if) may scan. A
    /// projection keyed by stream id reads only that stream; one keyed by a JSON pointer scans the feed from the
    /// version's start, so a point further in is refused (400) rather than left to time out.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int HistoryMaxEvents { get; set; } = 200_000;
}
