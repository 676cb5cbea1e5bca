namespace OrleansPlatform.Contracts.Retention;

/// <summary>
/// The cluster's reclaim job: removes the rows of events that streams' retention settings no longer retain (reads
/// hide them already), bounded in work per run, on a reminder.
/// </summary>
[Alias("op.ret.IRetentionReclaimGrain")]
public interface IRetentionReclaimGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the job's reminder (idempotent; every silo calls it at start-up).</summary>
    [Alias("Ensure")]
    Task EnsureAsync();

    /// <summary>Runs one bounded pass now, continuing where the last one stopped, and says what it removed.</summary>
    [Alias("RunOnce")]
    Task<ReclaimReport> RunOnceAsync();
}

/// <summary>What one reclaim pass did.</summary>
/// <param name="StreamsChecked">Streams with retention metadata the pass looked at.</param>
/// <param name="EventsRemoved">Event rows it removed.</param>
/// <param name="Complete">Whether it reached the last stream with metadata (the next pass starts from the first).</param>
[GenerateSerializer, Immutable, Alias("op.ret.ReclaimReport")]
public sealed record ReclaimReport(
    [property: Id(0)] int StreamsChecked,
    [property: Id(1)] long EventsRemoved,
    [property: Id(2)] bool Complete);
