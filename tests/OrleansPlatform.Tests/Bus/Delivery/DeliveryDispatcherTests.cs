using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.Bus;

namespace OrleansPlatform.Tests.Bus.Delivery;

public sealed class DeliveryDispatcherTests
{
    private static readonly BackoffSettings Backoff = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly KeyedBuffer _buffer = new();
    private readonly RedriveQueue _redrive = new();
    private readonly List<(long Offset, bool IsRedrive)> _sent = [];
    private double _jitter = 0.5;

    public DeliveryDispatcherTests() => _buffer.Start(checkpoint: 0);

    [Fact]
    public void Dispatch_MoreReadyKeysThanSlots_SendsHigherPrioritiesFirstThenOlderOffsets()
    {
        Buffer(Messages.At(0, "a"), Messages.At(1, "b", MessagePriority.High), Messages.At(2, "c", MessagePriority.Critical), Messages.At(3, "d"), Messages.At(4, "e", MessagePriority.High));
        var dispatcher = Dispatcher();

        dispatcher.Dispatch(maxInFlight: 3, Record);

        Assert.Equal(new long[] { 2, 1, 4 }, _sent.Select(s => s.Offset));
        Assert.Equal(3, dispatcher.InFlight);
    }

    [Fact]
    public void Dispatch_LowPriorityKey_WaitsBehindNormalKeysEvenWhenOlder()
    {
        Buffer(Messages.At(0, "bulk", MessagePriority.Low), Messages.At(1, "a"), Messages.At(2, "b"), Messages.At(3, "c", MessagePriority.Low));
        var dispatcher = Dispatcher();

        dispatcher.Dispatch(maxInFlight: 2, Record);
        Complete(dispatcher, 1);
        Complete(dispatcher, 2);
        dispatcher.Dispatch(maxInFlight: 2, Record);

        Assert.Equal(new long[] { 1, 2, 0, 3 }, _sent.Select(s => s.Offset));
    }

    [Fact]
    public void Dispatch_LowPriorityEventBehindANormalOneOfItsKey_KeepsTheKeysOrder()
    {
        Buffer(Messages.At(0, "k"), Messages.At(1, "k", MessagePriority.Low), Messages.At(2, "other"));
        var dispatcher = Dispatcher();

        dispatcher.Dispatch(maxInFlight: 10, Record);
        Complete(dispatcher, 0);
        dispatcher.Dispatch(maxInFlight: 10, Record);

        Assert.Equal(new long[] { 0, 2, 1 }, _sent.Select(s => s.Offset));
    }

    [Fact]
    public void Dispatch_KeyWhoseHeadIsInFlight_SendsNotItsNextEventUntilTheHeadIsDone()
    {
        Buffer(Messages.At(0, "a"), Messages.At(1, "a"));
        var dispatcher = Dispatcher();
        dispatcher.Dispatch(maxInFlight: 10, Record);

        dispatcher.Dispatch(maxInFlight: 10, Record);
        Assert.Equal(new long[] { 0 }, _sent.Select(s => s.Offset));

        Complete(dispatcher, 0);
        dispatcher.Dispatch(maxInFlight: 10, Record);
        Assert.Equal(new long[] { 0, 1 }, _sent.Select(s => s.Offset));
    }

    [Fact]
    public void Dispatch_RedrivenEventReady_GoesFirstAndTakesASlot()
    {
        Buffer(Messages.At(10, "a"));
        _redrive.Loaded(3, Messages.At(3, "a"));
        var dispatcher = Dispatcher();

        dispatcher.Dispatch(maxInFlight: 1, Record);

        Assert.Equal([(3L, true)], _sent);
    }

    [Fact]
    public void Dispatch_DeliveriesFinishingSynchronously_NeverExceedMaxInFlightNorSendTwice()
    {
        Buffer(Enumerable.Range(0, 50).Select(o => Messages.At(o, "k" + (o % 7))).ToArray());
        var dispatcher = Dispatcher();
        var most = 0;

        void FinishAtOnce(PendingDelivery pending, bool isRedrive)
        {
            Record(pending, isRedrive);
            most = Math.Max(most, dispatcher.InFlight);
            Complete(dispatcher, pending.Message.Offset);
            dispatcher.Dispatch(maxInFlight: 3, FinishAtOnce);
        }

        dispatcher.Dispatch(maxInFlight: 3, FinishAtOnce);

        Assert.Equal(Enumerable.Range(0, 50).Select(o => (long)o).Order(), _sent.Select(s => s.Offset).Order());
        Assert.InRange(most, 1, 3);
        Assert.Equal(0, _buffer.Count);
    }

    [Fact]
    public void Dispatch_FailedHead_WaitsForItsBackoffOnTheClock()
    {
        Buffer(Messages.At(0, "a"));
        var dispatcher = Dispatcher();
        dispatcher.Dispatch(maxInFlight: 1, Record);
        var head = _buffer.Heads.Single();
        dispatcher.Finished(head);
        head.Attempts++;

        var delay = dispatcher.ScheduleRetry(head, Backoff);
        _time.Advance(delay - TimeSpan.FromMilliseconds(1));
        dispatcher.Dispatch(maxInFlight: 1, Record);
        Assert.Single(_sent);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        dispatcher.Dispatch(maxInFlight: 1, Record);
        Assert.Equal(new long[] { 0, 0 }, _sent.Select(s => s.Offset));
    }

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(4, 8_000)]
    [InlineData(20, 30_000)]
    public void ScheduleRetry_JitterAtItsBounds_DelayStaysWithinPlusMinusTwentyPercentOfTheCappedBackoff(int attempts, int baseMs)
    {
        var low = Retry(attempts, jitter: 0);
        var high = Retry(attempts, jitter: Math.BitDecrement(1.0));

        Assert.Equal(TimeSpan.FromMilliseconds(baseMs * 0.8), low);
        Assert.InRange(high, TimeSpan.FromMilliseconds(baseMs * 1.2) - TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(baseMs * 1.2));
    }

    [Fact]
    public void ScheduleRetry_RandomJitter_SpreadsRetriesWithinTheBounds()
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 200).Select(_ => Retry(attempts: 3, jitter: random.NextDouble())).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(3_200), TimeSpan.FromMilliseconds(4_800)));
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void ScheduleRetry_FailedEvent_SetsItsNextAttemptFromTheInjectedClock()
    {
        var pending = new PendingDelivery(Messages.At(0)) { Attempts = 1 };
        _jitter = 0.5;

        var delay = Dispatcher().ScheduleRetry(pending, Backoff);

        Assert.Equal(TimeSpan.FromSeconds(1), delay);
        Assert.Equal(_time.GetUtcNow() + delay, pending.NextAttemptAt);
    }

    private TimeSpan Retry(int attempts, double jitter)
    {
        _jitter = jitter;
        var pending = new PendingDelivery(Messages.At(0)) { Attempts = attempts };
        return Dispatcher().ScheduleRetry(pending, Backoff);
    }

    private DeliveryDispatcher Dispatcher() => new(_buffer, _redrive, _time, () => _jitter);

    private void Buffer(params TopicMessage[] messages)
    {
        foreach (var message in messages)
        {
            _buffer.ReadPast(message.Offset);
            _buffer.Add(message);
        }
    }

    private void Record(PendingDelivery pending, bool isRedrive) => _sent.Add((pending.Message.Offset, isRedrive));

    /// <summary>Delivered: as the pump settles a success.</summary>
    private void Complete(DeliveryDispatcher dispatcher, long offset)
    {
        var pending = _buffer.Heads.Single(p => p.Message.Offset == offset);
        dispatcher.Finished(pending);
        _buffer.Remove(pending);
    }
}
