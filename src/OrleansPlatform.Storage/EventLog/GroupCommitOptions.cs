using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>How appends from many streams are gathered into shared transactions (<c>Platform:GroupCommit</c>).</summary>
public sealed class GroupCommitOptions : IValidatableObject
{
    /// <summary>Most events in one database transaction (one append larger than this is written alone).</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 2_000;

    /// <summary>
    /// Most bytes of event data in one database transaction (one append larger than this is written alone). Well under
    /// PostgreSQL's 1 GiB message limit, so a batch of large events never fails as a whole for its size.
    /// </summary>
    [Range(64 * 1024, 512 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Transactions in flight at once. While they run, new appends queue up and form the next batch, so batches grow
    /// with load without any artificial wait.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>
    /// Most events waiting for a transaction. A full queue refuses an append at once (storage unavailable) instead of
    /// letting callers pile up behind a slow or lost database.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxQueuedEvents { get; set; } = 100_000;

    /// <summary>
    /// How long a caller waits for its append. After it the caller is told the outcome is unknown, and an append
    /// still queued then is never written.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxQueuedEvents < MaxBatchEvents)
        {
            yield return new ValidationResult(
                "Platform:GroupCommit:MaxQueuedEvents must be at least MaxBatchEvents, or batches could never fill.",
                [nameof(MaxQueuedEvents), nameof(MaxBatchEvents)]);
        }
    }
}
