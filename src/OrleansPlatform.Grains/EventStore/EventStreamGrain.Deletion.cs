using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Retention;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>
/// Soft and hard deletes go through the stream's single writer, so a delete and an append are never interleaved: the
/// version a soft delete hides up to is exactly the last appended one, and no append lands on an erased history.
/// </summary>
public sealed partial class EventStreamGrain
{
    // Whether the id was hard-deleted and not started again. Only this grain sets or clears the marker, so the copy
    // loaded at activation stays true.
    private bool _hardDeleted;

    public async Task DeleteAsync(ExpectedVersion expected, bool hard)
    {
        using var activity = EventStoreTelemetry.Source.StartActivity("eventstore.delete");
        activity?.SetTag("eventstore.stream", StreamId);
        activity?.SetTag("eventstore.hard", hard);
        if (State.Version == 0)
        {
            throw _hardDeleted ? new StreamDeletedException(StreamId) : new StreamNotFoundException(StreamId);
        }

        if (!expected.IsSatisfiedBy(State.Version))
        {
            throw new WrongExpectedVersionException(StreamId, expected, State.Version);
        }

        // Recorded first: a delete that fails halfway is retried by its caller, and the trail never lacks one that happened.
        await GrainFactory.GetGrain<IStreamLifecycleAuditGrain>(StreamId).RecordDeletedAsync(hard, State.Version);
        if (!hard)
        {
            await deletion.SoftDeleteAsync(StreamId, State.Version);
            return;
        }

        await deletion.HardDeleteAsync(StreamId, State.Version);
        _hardDeleted = true;
        // The journal is gone: the next call re-reads it (version 0) instead of appending after the erased events.
        Invalidate();
    }

    /// <summary>
    /// A hard-deleted id takes only an append that expects no stream; that append forgets the marker first, so the
    /// new stream starts at version 1 with nothing hidden.
    /// </summary>
    private async Task StartAgainIfHardDeletedAsync(ExpectedVersion expected)
    {
        if (!_hardDeleted || State.Version > 0)
        {
            return;
        }

        if (expected != ExpectedVersion.NoStream)
        {
            throw new StreamDeletedException(StreamId);
        }

        await deletion.ForgetAsync(StreamId);
        _hardDeleted = false;
    }
}
