using OrleansPlatform.Contracts.Integrity;

namespace OrleansPlatform.Client.Integrity;

/// <summary>Tamper evidence (issue 13): re-check one stream's checksum chain, or the whole log as a cluster job.</summary>
public interface IIntegrity
{
    /// <summary>Re-reads the stream's stored rows and recomputes its chain; names the first broken version.</summary>
    /// <exception cref="Contracts.Errors.StreamNotFoundException">The stream has no events.</exception>
    Task<StreamVerification> VerifyStreamAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Starts a whole-log verification job in the cluster, or returns the one still running.</summary>
    Task<LogVerificationStatus> StartLogVerificationAsync(CancellationToken cancellationToken = default);

    /// <summary>A job's progress, or its result once <see cref="LogVerificationStatus.Status"/> is completed.</summary>
    /// <exception cref="VerificationJobNotFoundException">No job has this id.</exception>
    Task<LogVerificationStatus> GetLogVerificationAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The latest job, or null when none was ever started.</summary>
    Task<LogVerificationStatus?> GetLatestLogVerificationAsync(CancellationToken cancellationToken = default);

    /// <summary>Polls the job every <paramref name="pollInterval"/> until it completes (bound it with <paramref name="cancellationToken"/>).</summary>
    /// <exception cref="VerificationJobNotFoundException">No job has this id.</exception>
    Task<LogVerificationStatus> WaitForLogVerificationAsync(Guid jobId, TimeSpan pollInterval, CancellationToken cancellationToken = default);
}

/// <summary>No whole-log verification job has the id asked for.</summary>
public sealed class VerificationJobNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VerificationJobNotFoundException(Guid jobId) : base($"Verification job '{jobId}' does not exist.") => JobId = jobId;

    /// <summary>The job that was looked for.</summary>
    public Guid JobId { get; }
}
