using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Retention;

/// <summary>Journal event: a stream's retention settings were replaced (the audited record, in the public feed).</summary>
[EventType("StreamRetentionSet.v1")]
internal sealed record StreamRetentionSet(string StreamId, TimeSpan? MaxAge, long? MaxCount, long? TruncateBefore);

/// <summary>Journal event: a stream was deleted, soft or hard, at <paramref name="Version"/> (written before the rows go).</summary>
[EventType("StreamDeleted.v1")]
internal sealed record StreamDeleted(string StreamId, bool Hard, long Version);

/// <summary>The audit trail of one stream's lifecycle, journaled in <c>$retention:{streamId}</c>.</summary>
[Alias("op.ret.IStreamLifecycleAuditGrain")]
internal interface IStreamLifecycleAuditGrain : IGrainWithStringKey
{
    [Alias("RetentionSet")]
    Task RecordRetentionSetAsync(TimeSpan? maxAge, long? maxCount, long? truncateBefore);

    [Alias("Deleted")]
    Task RecordDeletedAsync(bool hard, long version);
}

/// <summary>Nothing to fold: the journal is the record.</summary>
internal sealed class StreamLifecycleAuditState : IJournalState
{
    public void Apply(JournalEntry entry)
    {
    }
}

/// <summary>
/// Keeps who-did-what-when of a stream's retention and deletion in an audited system stream, which a hard delete of
/// the stream does not erase: a team under audit can show that a stream existed, when it was deleted and how.
/// </summary>
internal sealed class StreamLifecycleAuditGrain(JournalServices journal) : LogBackedGrain<StreamLifecycleAuditState>(journal), IStreamLifecycleAuditGrain
{
    public const string JournalPrefix = "$retention:";

    private string StreamId => this.GetPrimaryKeyString();

    protected override string LogStreamId => JournalPrefix + StreamId;

    public Task RecordRetentionSetAsync(TimeSpan? maxAge, long? maxCount, long? truncateBefore) =>
        RecordAsync(new StreamRetentionSet(StreamId, maxAge, maxCount, truncateBefore));

    public Task RecordDeletedAsync(bool hard, long version) => RecordAsync(new StreamDeleted(StreamId, hard, version));

    private async Task RecordAsync(object entry) =>
        (await JournalAsync([entry])).EnsureCommitted($"The audit trail of stream '{StreamId}' changed concurrently; try again.");
}
