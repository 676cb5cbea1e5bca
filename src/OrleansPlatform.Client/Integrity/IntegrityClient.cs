using OrleansPlatform.Contracts.Integrity;

namespace OrleansPlatform.Client.Integrity;

/// <summary><see cref="IIntegrity"/> over grain calls.</summary>
internal sealed class IntegrityClient(IClusterClient cluster, TimeProvider time) : IIntegrity
{
    private ILogVerificationJobsGrain Jobs => cluster.GetGrain<ILogVerificationJobsGrain>(0);

    public Task<StreamVerification> VerifyStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        return cluster.GetGrain<IIntegrityGrain>(0).VerifyStreamAsync(streamId).WaitAsync(cancellationToken);
    }

    public Task<LogVerificationStatus> StartLogVerificationAsync(CancellationToken cancellationToken = default) =>
        Jobs.StartAsync().WaitAsync(cancellationToken);

    public async Task<LogVerificationStatus> GetLogVerificationAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        await cluster.GetGrain<ILogVerificationGrain>(jobId).GetAsync().WaitAsync(cancellationToken)
            ?? throw new VerificationJobNotFoundException(jobId);

    public Task<LogVerificationStatus?> GetLatestLogVerificationAsync(CancellationToken cancellationToken = default) =>
        Jobs.GetLatestAsync().WaitAsync(cancellationToken);

    public async Task<LogVerificationStatus> WaitForLogVerificationAsync(Guid jobId, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        while (true)
        {
            var status = await GetLogVerificationAsync(jobId, cancellationToken);
            if (status.Status == LogVerificationStatus.Completed)
            {
                return status;
            }

            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }
}
