using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus.Delivery;

public sealed class OutcomeBatcherTests
{
    [Fact]
    public void TakeCompleted_AfterDeliveriesSkipsAndFailures_IsOneEntryWithTheirCounts()
    {
        var batcher = new OutcomeBatcher();
        batcher.Delivered(3);
        batcher.Skipped(4);
        batcher.Failed();
        batcher.Failed();

        var entry = batcher.TakeCompleted();

        Assert.NotNull(entry);
        Assert.Equal(new long[] { 3, 4 }, entry.Offsets.Order());
        Assert.Equal(1, entry.Delivered);
        Assert.Equal(2, entry.Failed);
        Assert.Null(batcher.TakeCompleted());
    }

    [Fact]
    public void TakeCompleted_OnlyFailedAttempts_StillJournalsTheirCount()
    {
        var batcher = new OutcomeBatcher();
        batcher.Failed();

        var entry = batcher.TakeCompleted();

        Assert.True(batcher.IsEmpty);
        Assert.NotNull(entry);
        Assert.Empty(entry.Offsets);
        Assert.Equal((0, 1), (entry.Delivered, entry.Failed));
    }

    [Fact]
    public void Return_AfterAFailedWrite_NextEntryHoldsBothBatches()
    {
        var batcher = new OutcomeBatcher();
        batcher.Delivered(1);
        var failedWrite = batcher.TakeCompleted()!;
        batcher.Delivered(2);
        batcher.Failed();

        batcher.Return(failedWrite);
        var entry = batcher.TakeCompleted()!;

        Assert.Equal(new long[] { 1, 2 }, entry.Offsets.Order());
        Assert.Equal(2, entry.Delivered);
        Assert.Equal(1, entry.Failed);
    }

    [Fact]
    public void TryPeekDeadLetter_SeveralDeadLetters_GivesThemInOrderUntilJournaled()
    {
        var batcher = new OutcomeBatcher();
        batcher.DeadLettered(new PendingDelivery(Messages.At(8)), "HTTP 500");
        batcher.DeadLettered(new PendingDelivery(Messages.At(3)), "timed out");

        Assert.True(batcher.Holds(8));
        Assert.True(batcher.TryPeekDeadLetter(out var first));
        batcher.DeadLetterJournaled();
        Assert.True(batcher.TryPeekDeadLetter(out var second));
        batcher.DeadLetterJournaled();

        Assert.Equal((8L, "HTTP 500"), (first.Item.Message.Offset, first.Error));
        Assert.Equal((3L, "timed out"), (second.Item.Message.Offset, second.Error));
        Assert.False(batcher.TryPeekDeadLetter(out _));
        Assert.False(batcher.Holds(8));
        Assert.True(batcher.IsEmpty);
    }

    [Fact]
    public void ForgetOffsets_AfterASeek_DropsFinishedOffsetsButKeepsAttemptCounts()
    {
        var batcher = new OutcomeBatcher();
        batcher.Delivered(1);
        batcher.Failed();
        batcher.DeadLettered(new PendingDelivery(Messages.At(2)), "HTTP 500");

        batcher.ForgetOffsets();
        var entry = batcher.TakeCompleted()!;

        Assert.False(batcher.Holds(1));
        Assert.False(batcher.TryPeekDeadLetter(out _));
        Assert.Empty(entry.Offsets);
        Assert.Equal((1, 1), (entry.Delivered, entry.Failed));
    }
}
