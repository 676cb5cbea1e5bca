using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>Starts whole-log verification jobs one at a time and remembers the latest, journaled in <c>$verify-jobs</c>.</summary>
public sealed class LogVerificationJobsGrain(JournalServices journal) : LogBackedGrain<LogVerificationJobsState>(journal), ILogVerificationJobsGrain
{
    protected override string LogStreamId => "$verify-jobs";

    public async Task<LogVerificationStatus> StartAsync()
    {
        if (await GetLatestAsync() is { Status: LogVerificationStatus.Running } running)
        {
            return running;
        }

        var jobId = Guid.NewGuid();
        (await JournalAsync([new LogVerificationJobCreated(jobId, Time.GetUtcNow())])).EnsureCommitted("A verification job was started concurrently; read the latest job.");
        return await GrainFactory.GetGrain<ILogVerificationGrain>(jobId).StartAsync();
    }

    public async Task<LogVerificationStatus?> GetLatestAsync() =>
        State.Latest is { } latest ? await GrainFactory.GetGrain<ILogVerificationGrain>(latest).GetAsync() : null;
}

/// <summary>A verification job was created.</summary>
[EventType("LogVerificationJobCreated.v1")]
internal sealed record LogVerificationJobCreated(Guid JobId, DateTimeOffset CreatedAt);

/// <summary>The latest job's id.</summary>
public sealed class LogVerificationJobsState : IJournalState
{
    public Guid? Latest { get; private set; }

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is LogVerificationJobCreated created)
        {
            Latest = created.JobId;
        }
    }
}
