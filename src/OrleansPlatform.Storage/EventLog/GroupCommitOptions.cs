using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>How appends from many streams are gathered into shared transactions (<c>Platform:GroupCommit</c>).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Most events in one database transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 2_000;

    /// <summary>
    /// Transactions in flight at once. While they run, new appends queue up and form the next batch, so batches grow
    /// with load without any artificial wait.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 4;
}
