using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Integrity;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>Verifies streams against the log as stored, never as presented (upcast or decrypted).</summary>
[StatelessWorker]
public sealed class IntegrityGrain(IEventLog log) : Grain, IIntegrityGrain
{
    private IEventLog Stored => log is PresentingEventLog presenting ? presenting.Stored : log;

    public async Task<StreamVerification> VerifyStreamAsync(string streamId)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        _ = await Stored.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        return await ChainVerifier.VerifyAsync(Stored, streamId, CancellationToken.None);
    }
}
