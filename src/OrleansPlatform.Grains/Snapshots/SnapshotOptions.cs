using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>Stream-state snapshots, bound from <c>Platform:Snapshots</c>.</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Platform:Snapshots";

    /// <summary>
    /// <c>Platform:Snapshots:Every</c>: a stream's state is snapshotted at every multiple of this many events, so a
    /// state at any version or time folds at most this many events on top of a snapshot.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Platform:Snapshots:Every must be between 1 and 1000000.")]
    public int Every { get; set; } = 100;

    /// <summary><c>Platform:Snapshots:Enabled</c>: off, states always fold from the first event (answers are the same).</summary>
    public bool Enabled { get; set; } = true;
}
