using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus.Delivery;

public sealed class RedriveQueueTests
{
    [Fact]
    public void ToLoad_OffsetAlreadyLoaded_IsNotLoadedAgainWhileTheJournalListsIt()
    {
        var queue = new RedriveQueue();
        queue.Loaded(5, Messages.At(5));

        Assert.Equal(new long[] { 7 }, queue.ToLoad(new SortedSet<long> { 5, 7 }));
    }

    [Fact]
    public void ToLoad_OffsetRedrivenAgainAfterTheJournalDroppedIt_IsLoadedAgain()
    {
        var queue = new RedriveQueue();
        queue.Loaded(5, Messages.At(5));
        queue.ToLoad(new SortedSet<long>());

        Assert.Equal(new long[] { 5 }, queue.ToLoad(new SortedSet<long> { 5 }));
    }

    [Fact]
    public void Loaded_PurgedEvent_ReturnsFalseAndQueuesNothing()
    {
        var queue = new RedriveQueue();

        Assert.False(queue.Loaded(5, message: null));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void TryTakeReady_HeadInFlight_TakesNothingUntilItsOutcomeIsFinal()
    {
        var queue = new RedriveQueue();
        queue.Loaded(5, Messages.At(5));
        queue.Loaded(7, Messages.At(7));
        Assert.True(queue.TryTakeReady(DateTimeOffset.UnixEpoch, out var first));

        Assert.False(queue.TryTakeReady(DateTimeOffset.UnixEpoch, out _));
        queue.Remove();
        Assert.True(queue.TryTakeReady(DateTimeOffset.UnixEpoch, out var second));

        Assert.Equal(5, first.Message.Offset);
        Assert.Equal(7, second.Message.Offset);
    }

    [Fact]
    public void TryTakeReady_ReleasedHeadBeforeItsRetryTime_TakesNothing()
    {
        var queue = new RedriveQueue();
        queue.Loaded(5, Messages.At(5));
        queue.TryTakeReady(DateTimeOffset.UnixEpoch, out var head);
        head!.NextAttemptAt = DateTimeOffset.UnixEpoch.AddSeconds(1);
        queue.Release();

        Assert.False(queue.TryTakeReady(DateTimeOffset.UnixEpoch.AddMilliseconds(999), out _));
        Assert.True(queue.TryTakeReady(DateTimeOffset.UnixEpoch.AddSeconds(1), out var again));
        Assert.Same(head, again);
    }
}
