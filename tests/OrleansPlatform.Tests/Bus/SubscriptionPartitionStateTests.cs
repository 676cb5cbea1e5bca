using OrleansPlatform.Grains.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Tests.Bus;

/// <summary>How a subscription partition's journal folds: retention and seeks move the checkpoint differently.</summary>
public sealed class SubscriptionPartitionStateTests
{
    [Fact]
    public void Expired_KeepsOffsetsFinishedAboveThePurgeEdge()
    {
        var state = Fold(("SubscriptionCompleted.v1", """{"offsets":[7,12],"delivered":2,"failed":0}"""), ("SubscriptionExpired.v1", """{"offset":10}"""));

        Assert.Equal(10, state.Checkpoint);
        Assert.True(state.IsDone(12));
        Assert.False(state.IsDone(11));
    }

    [Fact]
    public void Seeked_ForgetsEverythingFinishedSoItIsDeliveredAgain()
    {
        var state = Fold(("SubscriptionCompleted.v1", """{"offsets":[7,12],"delivered":2,"failed":0}"""), ("SubscriptionSeeked.v1", """{"offset":10}"""));

        Assert.Equal(10, state.Checkpoint);
        Assert.False(state.IsDone(12));
    }

    private static SubscriptionPartitionState Fold(params (string Type, string Data)[] entries)
    {
        var state = new SubscriptionPartitionState();
        var version = 0;
        foreach (var (type, data) in entries)
        {
            // Decoded by stored type name, as a journal written by earlier builds is read back.
            state.Apply(new JournalEntry(TypedJournalCodec.Instance.Decode(type, data), ++version, Guid.NewGuid(), DateTimeOffset.UtcNow));
        }

        return state;
    }
}
