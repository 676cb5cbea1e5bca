using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus.Delivery;

public sealed class KeyedBufferTests
{
    [Fact]
    public void Add_BeyondPerKeyCap_LeavesTheEventInTheLogAndKeepsRoomForOtherKeys()
    {
        var buffer = Started();

        Read(buffer, Enumerable.Range(0, KeyedBuffer.MaxBufferedPerKey + 1).Select(o => Messages.At(o, "hot")));
        buffer.Add(Messages.At(500, "cold"));

        Assert.Equal(KeyedBuffer.MaxBufferedPerKey + 1, buffer.Count);
        Assert.False(buffer.Holds(KeyedBuffer.MaxBufferedPerKey));
        Assert.True(buffer.Holds(500));
    }

    [Fact]
    public void Add_KeyThatOverflowedThenDrained_LeavesItsLaterEventsInTheLogToo()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, KeyedBuffer.MaxBufferedPerKey + 1).Select(o => Messages.At(o, "hot")));
        buffer.Remove(buffer.Heads.Single());

        buffer.Add(Messages.At(200, "hot"));

        // Buffering it would send it before offset 100, which waits in the log.
        Assert.False(buffer.Holds(200));
    }

    [Fact]
    public void RoomToRead_BufferFull_IsZero()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, KeyedBuffer.MaxBuffered).Select(o => Messages.At(o, "k" + (o % 10))));

        Assert.Equal(0, buffer.RoomToRead(checkpoint: 0));
    }

    [Fact]
    public void RoomToRead_NearlyFull_AsksForWhatFits()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, KeyedBuffer.MaxBuffered - 10).Select(o => Messages.At(o, key: null)));

        Assert.Equal(10, buffer.RoomToRead(checkpoint: 0));
    }

    [Fact]
    public void RoomToRead_ReadAheadBoundReached_IsZeroUntilTheCheckpointMoves()
    {
        var buffer = Started();
        buffer.ReadPast(KeyedBuffer.MaxAheadOfCheckpoint - 1);

        Assert.Equal(0, buffer.RoomToRead(checkpoint: 0));
        Assert.True(buffer.RoomToRead(checkpoint: 1) > 0);
    }

    [Fact]
    public void Heads_SeveralKeys_AreEachKeysOldestEventAndUnkeyedEventsStandAlone()
    {
        var buffer = Started();
        Read(buffer, [Messages.At(0, "a"), Messages.At(1, "a"), Messages.At(2, "b"), Messages.At(3, null), Messages.At(4, null)]);

        Assert.Equal(new long[] { 0, 2, 3, 4 }, buffer.Heads.Select(p => p.Message.Offset).Order());
        Assert.All(buffer.Heads, p => Assert.True(buffer.IsHead(p)));
    }

    [Fact]
    public void RereadOverflowWhenDrained_KeyHalfDrained_ReadsAgainFromTheOldestEventLeftBehind()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, 150).Select(o => Messages.At(o, "hot")));

        Drain(buffer, (KeyedBuffer.MaxBufferedPerKey / 2) - 1);
        buffer.RereadOverflowWhenDrained();
        Assert.Equal(150, buffer.ReadCursor);

        Drain(buffer, 1);
        buffer.RereadOverflowWhenDrained();
        Assert.Equal(KeyedBuffer.MaxBufferedPerKey, buffer.ReadCursor);
    }

    [Fact]
    public void SkipRereadRange_ReadKeyFullAgain_JumpsToWhereReadingHadGot()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, 200).Select(o => Messages.At(o, "hot")).Append(Messages.At(200, "cold")));
        Drain(buffer, KeyedBuffer.MaxBufferedPerKey / 2, key: "hot");
        buffer.RereadOverflowWhenDrained();

        var jumped = Read(buffer, Enumerable.Range(100, 100).Select(o => Messages.At(o, "hot")));

        Assert.Equal(150, jumped);
        Assert.Equal(201, buffer.ReadCursor);
        Assert.Equal(KeyedBuffer.MaxBufferedPerKey + 1, buffer.Count);
    }

    [Fact]
    public void RewindWhenEmpty_NothingHeldBehindTheCursor_ReadsAgainFromTheCheckpoint()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, 5).Select(o => Messages.At(o, key: null)));
        buffer.RewindWhenEmpty(checkpoint: 2);
        Assert.Equal(5, buffer.ReadCursor);

        Drain(buffer, 5);
        buffer.RewindWhenEmpty(checkpoint: 2);

        Assert.Equal(2, buffer.ReadCursor);
    }

    [Fact]
    public void Reset_AfterReading_ForgetsEverythingAndReadsFromTheGivenOffset()
    {
        var buffer = Started();
        Read(buffer, Enumerable.Range(0, 5).Select(o => Messages.At(o)));

        buffer.Reset(checkpoint: 3);

        Assert.Equal(0, buffer.Count);
        Assert.Empty(buffer.Heads);
        Assert.Equal(3, buffer.ReadCursor);
    }

    private static KeyedBuffer Started()
    {
        var buffer = new KeyedBuffer();
        buffer.Start(checkpoint: 0);
        return buffer;
    }

    /// <summary>Reads as the pump does; returns the offset after which reading jumped ahead, or -1.</summary>
    private static long Read(KeyedBuffer buffer, IEnumerable<Contracts.Bus.TopicMessage> page)
    {
        foreach (var message in page)
        {
            buffer.ReadPast(message.Offset);
            if (buffer.Holds(message.Offset))
            {
                continue;
            }

            buffer.Add(message);
            if (buffer.SkipRereadRange())
            {
                return message.Offset;
            }
        }

        return -1;
    }

    private static void Drain(KeyedBuffer buffer, int count, string? key = null)
    {
        for (var i = 0; i < count; i++)
        {
            buffer.Remove(buffer.Heads.Where(p => key is null || p.Message.Key == key).MinBy(p => p.Message.Offset)!);
        }
    }
}
