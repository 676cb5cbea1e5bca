using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Pull leases on a fake clock: one batch out at a time, 30 s renewed only by progress, redriven events leased apart.</summary>
public sealed class PullLeasesTests
{
    private static readonly TimeSpan JustOverLease = PullLeases.Lease + TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly PullLeases _leases;

    public PullLeasesTests() => _leases = new PullLeases(_time);

    [Fact]
    public void Open_FirstPull_HandsOutNewEventsFromTheCheckpoint()
    {
        var ticket = _leases.Open(checkpoint: 7, [], max: 10);

        Assert.True(ticket.MayHandOutNew);
        Assert.Equal(7, ticket.Cursor);
    }

    [Fact]
    public void Open_BatchOutWithinItsLease_HandsOutNothingNew()
    {
        PullBatch(checkpoint: 0, 0, 1, 2);
        _time.Advance(PullLeases.Lease);

        var ticket = _leases.Open(checkpoint: 0, [], max: 10);

        Assert.False(ticket.MayHandOutNew);
    }

    [Fact]
    public void Open_LeaseExpired_HandsTheBatchOutAgainFromTheCheckpoint()
    {
        PullBatch(checkpoint: 0, 0, 1, 2);
        _time.Advance(JustOverLease);

        var ticket = _leases.Open(checkpoint: 0, [], max: 10);

        Assert.True(ticket.MayHandOutNew);
        Assert.Equal(0, ticket.Cursor);
        Assert.False(_leases.HoldsBatch(checkpoint: 0));
    }

    [Fact]
    public void Open_PollingWhileABatchIsOut_DoesNotRenewTheLease()
    {
        PullBatch(checkpoint: 0, 0, 1, 2);
        _time.Advance(TimeSpan.FromSeconds(20));
        var poll = _leases.Open(checkpoint: 0, [], max: 10);
        _leases.Close(poll, poll.Cursor, []);
        _time.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(1));

        var ticket = _leases.Open(checkpoint: 0, [], max: 10);

        Assert.True(ticket.MayHandOutNew);
        Assert.Equal(0, ticket.Cursor);
    }

    [Fact]
    public void Acknowledged_PartOfTheBatch_RenewsTheLeaseFromNow()
    {
        PullBatch(checkpoint: 0, 0, 1, 2, 3);
        _time.Advance(TimeSpan.FromSeconds(20));
        var (upTo, _) = _leases.PlanAck(1, checkpoint: 0);
        _leases.Acknowledged(upTo);
        _time.Advance(PullLeases.Lease);

        Assert.False(_leases.Open(checkpoint: 2, [], max: 10).MayHandOutNew);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var ticket = _leases.Open(checkpoint: 2, [], max: 10);
        Assert.True(ticket.MayHandOutNew);
        Assert.Equal(2, ticket.Cursor);
    }

    [Fact]
    public void MayAcknowledge_AckFromABatchWhoseLeaseExpired_IsRefused()
    {
        PullBatch(checkpoint: 0, 0, 1, 2);
        Assert.True(_leases.MayAcknowledge(2));
        _time.Advance(JustOverLease);

        _leases.Open(checkpoint: 0, [], max: 10);

        Assert.False(_leases.MayAcknowledge(2));
        Assert.False(_leases.IsOut(2, checkpoint: 0, redriven: false));
    }

    [Fact]
    public void MayAcknowledge_AfterASeek_RefusesWhatWasOutBefore()
    {
        PullBatch(checkpoint: 0, 0, 1, 2);

        _leases.Reset(checkpoint: 0);

        Assert.False(_leases.MayAcknowledge(0));
        Assert.False(_leases.HoldsBatch(checkpoint: 0));
    }

    [Fact]
    public void PlanAck_LastEventOfTheBatch_AlsoFinishesSkippedEventsReadPastIt()
    {
        var ticket = _leases.Open(checkpoint: 0, [], max: 10);
        _leases.Close(ticket, cursor: 10, [2, 5]);

        Assert.Equal((9L, 2), _leases.PlanAck(5, checkpoint: 0));
        Assert.Equal((2L, 1), _leases.PlanAck(2, checkpoint: 0));
    }

    [Fact]
    public void Nacked_EventOfTheHeldBatch_HandsItAndEverythingAfterItOutAgain()
    {
        PullBatch(checkpoint: 0, 0, 1, 2, 3);

        _leases.Nacked(2, deadLettered: false, checkpoint: 0);

        Assert.Equal(2, _leases.Cursor);
        Assert.True(_leases.IsOut(1, checkpoint: 0, redriven: false));
        Assert.False(_leases.IsOut(2, checkpoint: 0, redriven: false));
    }

    [Fact]
    public void Nacked_EventDeadLettered_HandsOutOnlyWhatCameAfterIt()
    {
        PullBatch(checkpoint: 0, 0, 1, 2, 3);

        _leases.Nacked(2, deadLettered: true, checkpoint: 0);

        Assert.Equal(3, _leases.Cursor);
    }

    [Fact]
    public void Open_RedrivenEventLeased_IsHandedOutOncePerLease()
    {
        var first = _leases.Open(checkpoint: 10, [3, 5], max: 10);
        _leases.Close(first, first.Cursor, []);

        var second = _leases.Open(checkpoint: 10, [3, 5], max: 10);
        _time.Advance(JustOverLease);
        var third = _leases.Open(checkpoint: 10, [3, 5], max: 10);

        Assert.Equal(new long[] { 3, 5 }, first.Redriven);
        Assert.Empty(second.Redriven);
        Assert.Equal(new long[] { 3, 5 }, third.Redriven);
        Assert.True(_leases.IsOut(3, checkpoint: 10, redriven: true));
    }

    [Fact]
    public void TakeRedrivenBatch_AckOfARedrivenEvent_FinishesItsBatchUpToItOnly()
    {
        var first = _leases.Open(checkpoint: 10, [3], max: 10);
        _leases.Close(first, first.Cursor, []);
        var second = _leases.Open(checkpoint: 10, [3, 5, 7, 8], max: 10);
        _leases.Close(second, second.Cursor, []);

        Assert.Equal(new long[] { 5, 7 }, _leases.TakeRedrivenBatch(7));
        Assert.True(_leases.IsOut(3, checkpoint: 10, redriven: true));
        Assert.True(_leases.IsOut(8, checkpoint: 10, redriven: true));
        Assert.Null(_leases.TakeRedrivenBatch(5));
    }

    [Fact]
    public void TakeRedrivenWith_NewEventsOfItsPullAcknowledged_FinishesTheRedrivenEvent()
    {
        var ticket = _leases.Open(checkpoint: 10, [3], max: 10);
        _leases.Close(ticket, cursor: 12, [10, 11]);

        Assert.Empty(_leases.TakeRedrivenWith(10));
        Assert.Equal(new long[] { 3 }, _leases.TakeRedrivenWith(11));
        Assert.False(_leases.IsOut(3, checkpoint: 10, redriven: true));
    }

    [Fact]
    public void Failed_RepeatedNacks_CountUntilTheEventIsAcknowledged()
    {
        PullBatch(checkpoint: 0, 0, 1);

        Assert.Equal(1, _leases.Failed(1));
        Assert.Equal(2, _leases.Failed(1));
        _leases.Acknowledged(1);
        Assert.Equal(1, _leases.Failed(1));
    }

    private void PullBatch(long checkpoint, params long[] offsets)
    {
        var ticket = _leases.Open(checkpoint, [], max: 100);
        _leases.Close(ticket, offsets[^1] + 1, offsets);
    }
}
