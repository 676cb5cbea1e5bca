using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// Webhook delivery for one subscription partition. A round reads new and redriven events into a
/// <see cref="KeyedBuffer"/> and a <see cref="RedriveQueue"/>, lets the <see cref="DeliveryDispatcher"/> send what may
/// go, and journals the outcomes the <see cref="OutcomeBatcher"/> collected. Rounds run only as turns of the grain
/// (its delivery timer), so their journal writes never overlap the grain's own. Only the webhook calls run beside the
/// turns: a finished one settles its event in memory, sends its key's next event at once and asks for a round to
/// journal the outcome.
/// </summary>
internal sealed partial class DeliveryPump : IDisposable
{
    private readonly IDeliveryHost _host;
    private readonly WebhookDeliverer _deliverer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyedBuffer _buffer = new();
    private readonly RedriveQueue _redrive = new();
    private readonly OutcomeBatcher _outcomes = new();
    private readonly DeliveryDispatcher _dispatcher;
    private readonly Action _requestRound;

    // Deliveries outlive a seek (an HTTP call cannot be taken back): those started before it are ignored when they finish.
    private int _generation;
    private bool _disposed;

    /// <param name="host">The grain whose journal and topic partition this pump works on, on its turns.</param>
    /// <param name="deliverer">Sends one event to the webhook.</param>
    /// <param name="time">The clock for retry times and delivery latency.</param>
    /// <param name="jitter">Backoff jitter in [0, 1).</param>
    /// <param name="requestRound">Asks the grain for a turn that calls <see cref="RunRoundAsync"/> (right after the current one, if any).</param>
    /// <param name="logger">Where failed rounds are reported.</param>
    public DeliveryPump(IDeliveryHost host, WebhookDeliverer deliverer, TimeProvider time, Func<double> jitter, Action requestRound, ILogger logger)
    {
        (_host, _deliverer, _time, _requestRound, _logger) = (host, deliverer, time, requestRound, logger);
        _dispatcher = new DeliveryDispatcher(_buffer, _redrive, time, jitter);
    }

    private SubscriptionPartitionState State => _host.Progress;

    private SubscriptionSettings Settings => State.Settings!;

    public void Start(long checkpoint)
    {
        _buffer.Start(checkpoint);
        Kick();
    }

    /// <summary>Makes the deliveries in flight stale, before a seek is journaled.</summary>
    public void Invalidate() => _generation++;

    /// <summary>The keys held up by a failing event right now (see <see cref="PartitionProgress.ParkedKeys"/>).</summary>
    public IReadOnlyList<ParkedKey> ParkedKeys => _buffer.Parked(ParkedKey.MaxListed);

    /// <summary>Forgets everything buffered (a seek); deliveries still in flight finish but are ignored.</summary>
    public void Restart(long checkpoint)
    {
        _generation++;
        _buffer.Reset(checkpoint);
        _redrive.Clear();
        _dispatcher.Reset();
        _outcomes.ForgetOffsets();
        Kick();
    }

    /// <summary>Asks for a round: on the grain's next turn, or right after the current round.</summary>
    public void Kick()
    {
        if (!_disposed)
        {
            _requestRound();
        }
    }

    public void Dispose() => _disposed = true;

    /// <summary>One round; called only on a turn of the grain, so nothing else writes its journal meanwhile.</summary>
    public async Task RunRoundAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            try
            {
                await FillAsync();
                _dispatcher.Dispatch(Settings.MaxInFlight, Send);
            }
            finally
            {
                // Outcomes already known are journaled even when reading failed, so the checkpoint keeps up.
                await FlushAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage trouble: nothing is lost (the journal still holds the checkpoint); the next tick tries again.
            LogRoundFailed(_logger, ex, State.Subscription);
        }
    }

    /// <summary>Buffers redriven and new events.</summary>
    private async Task FillAsync()
    {
        foreach (var offset in _redrive.ToLoad(State.Redrive))
        {
            var read = await _host.ReadMessagesAsync(offset, 1);
            if (!_redrive.Loaded(offset, read is [var message, ..] && message.Offset == offset ? message : null))
            {
                // Purged by retention since it was dead-lettered: nothing left to deliver.
                _outcomes.Skipped(offset);
            }
        }

        _buffer.RereadOverflowWhenDrained();
        if (_dispatcher.InFlight == 0 && _outcomes.IsEmpty && _redrive.Count == 0)
        {
            _buffer.RewindWhenEmpty(State.Checkpoint);
        }

        while (_buffer.RoomToRead(State.Checkpoint) is var wanted and > 0)
        {
            var page = await _host.ReadMessagesAsync(_buffer.ReadCursor, wanted);
            if (page.Count == 0)
            {
                return;
            }

            if (page[0].Offset > _buffer.ReadCursor)
            {
                // Retention purged events this subscription had not finished: move the checkpoint to the oldest
                // retained event (what is already buffered is still delivered) so it never waits for them.
                await _host.RecordAsync(new SubscriptionJournal.Expired(page[0].Offset));
            }

            foreach (var message in page)
            {
                _buffer.ReadPast(message.Offset);
                if (IsOwned(message.Offset))
                {
                    continue;
                }

                if (!Settings.Accepts(message.Type))
                {
                    _outcomes.Skipped(message.Offset);
                    continue;
                }

                _buffer.Add(message);
                if (_buffer.SkipRereadRange())
                {
                    break;
                }
            }

            if (page.Count < wanted)
            {
                return;
            }
        }
    }

    /// <summary>Done, or already somewhere in this pump (buffered, in flight, finished but not yet journaled).</summary>
    private bool IsOwned(long offset) => State.IsDone(offset) || _buffer.Holds(offset) || _outcomes.Holds(offset);

    private void Send(PendingDelivery pending, bool isRedrive) => _ = DeliverAsync(pending, isRedrive);

    private async Task DeliverAsync(PendingDelivery pending, bool isRedrive)
    {
        var generation = _generation;
        DeliveryResult result;
        try
        {
            result = await _deliverer.DeliverAsync(State.Subscription!, Settings.Delivery, pending.Message, pending.Attempts + 1);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever went wrong, it is a failed attempt: the key must never stay parked on a lost result.
            result = DeliveryResult.Failed(ex.GetType().Name + ": " + ex.Message);
        }

        if (generation != _generation || _disposed)
        {
            return;
        }

        _dispatcher.Finished(pending);
        if (result.Succeeded)
        {
            Remove(pending, isRedrive);
            _outcomes.Delivered(pending.Message.Offset);
            BusTelemetry.Delivered(State.Subscription!, _time.GetUtcNow() - pending.Message.Timestamp);
        }
        else
        {
            pending.Attempts++;
            _outcomes.Failed();
            if (pending.Attempts >= Settings.MaxAttempts)
            {
                Remove(pending, isRedrive);
                _outcomes.DeadLettered(pending, result.Error ?? "failed");
            }
            else
            {
                if (isRedrive)
                {
                    _redrive.Release();
                }

                BusTelemetry.Retried(State.Subscription!);
                _ = WakeAfterAsync(_dispatcher.ScheduleRetry(pending, Settings.Backoff), generation);
            }
        }

        // Send the key's next event (and fill the freed slot) now, not after the round's read and journal write;
        // the round that follows journals this outcome and reads what is new.
        _dispatcher.Dispatch(Settings.MaxInFlight, Send);
        Kick();
    }

    private async Task WakeAfterAsync(TimeSpan delay, int generation)
    {
        await Task.Delay(delay, _time);
        if (generation == _generation)
        {
            Kick();
        }
    }

    private void Remove(PendingDelivery pending, bool isRedrive)
    {
        if (isRedrive)
        {
            _redrive.Remove();
        }
        else
        {
            _buffer.Remove(pending);
        }
    }

    private async Task FlushAsync()
    {
        // Dead letters first: after a crash between the two writes, a dead event must not be retried behind the
        // events of its key that were delivered after it.
        while (_outcomes.TryPeekDeadLetter(out var dead))
        {
            var (item, error) = dead;
            await _host.DeadLetterAsync(item.Message.Offset, item.Message, item.Attempts, error, 0);
            _outcomes.DeadLetterJournaled();
        }

        if (_outcomes.TakeCompleted() is { } completed)
        {
            try
            {
                await _host.RecordAsync(completed);
            }
            catch
            {
                _outcomes.Return(completed);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery round of subscription {Subscription} failed; retrying on the next tick")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string? subscription);
}
