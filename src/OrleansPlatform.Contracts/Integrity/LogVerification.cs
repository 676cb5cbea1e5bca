namespace OrleansPlatform.Contracts.Integrity;

/// <summary>A stream whose chain the whole-log verification found broken.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="BrokenAt">The first version whose row, chain link or predecessor does not match.</param>
[GenerateSerializer, Immutable, Alias("op.integrity.BrokenStream")]
public sealed record BrokenStream(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long BrokenAt);

/// <summary>The progress and result of one whole-log verification job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status"><c>running</c> or <c>completed</c>.</param>
/// <param name="StartedAt">When the job started.</param>
/// <param name="CompletedAt">When it finished; null while running.</param>
/// <param name="EndPosition">The global position the job checks up to: the head of the log when it started.</param>
/// <param name="Position">The global position reached (the next position to check).</param>
/// <param name="StreamsChecked">Streams whose chain start (first checksummed event) was checked.</param>
/// <param name="EventsChecked">Checksummed events checked.</param>
/// <param name="EventsPerSecond">Events checked per second since the job started.</param>
/// <param name="Valid">Null while running; then true when no stream is broken.</param>
/// <param name="Broken">The broken streams found so far, at most the job's bound.</param>
/// <param name="BrokenTruncated">True when more streams were broken than <paramref name="Broken"/> lists.</param>
[GenerateSerializer, Immutable, Alias("op.integrity.LogVerificationStatus")]
public sealed record LogVerificationStatus(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string Status,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? CompletedAt,
    [property: Id(4)] long EndPosition,
    [property: Id(5)] long Position,
    [property: Id(6)] long StreamsChecked,
    [property: Id(7)] long EventsChecked,
    [property: Id(8)] double EventsPerSecond,
    [property: Id(9)] bool? Valid,
    [property: Id(10)] IReadOnlyList<BrokenStream> Broken,
    [property: Id(11)] bool BrokenTruncated)
{
    /// <summary>The <see cref="Status"/> of a job still checking.</summary>
    public const string Running = "running";

    /// <summary>The <see cref="Status"/> of a finished job.</summary>
    public const string Completed = "completed";
}

/// <summary>
/// One whole-log verification job (issue 13), keyed by its id and journaled in <c>$verify:{jobId}</c>: it walks the
/// stored global feed in bounded pages from a journaled checkpoint, so it resumes where it was if its silo dies.
/// </summary>
[Alias("op.integrity.ILogVerificationGrain")]
public interface ILogVerificationGrain : IGrainWithGuidKey
{
    /// <summary>Starts the job if it has not started; idempotent.</summary>
    [Alias("Start")]
    Task<LogVerificationStatus> StartAsync();

    /// <summary>The job's progress or result; null for a job that was never started.</summary>
    [Alias("Get")]
    Task<LogVerificationStatus?> GetAsync();
}

/// <summary>Starts whole-log verification jobs and remembers the latest (singleton, key 0).</summary>
[Alias("op.integrity.ILogVerificationJobsGrain")]
public interface ILogVerificationJobsGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a job, or returns the one still running so two never walk the log at once.</summary>
    [Alias("Start")]
    Task<LogVerificationStatus> StartAsync();

    /// <summary>The latest job's progress or result; null when no job was ever started.</summary>
    [Alias("GetLatest")]
    Task<LogVerificationStatus?> GetLatestAsync();
}
