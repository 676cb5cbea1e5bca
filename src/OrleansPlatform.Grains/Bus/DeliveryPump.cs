using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// Webhook delivery for one subscription partition, running on its grain's turns (never in parallel with them).
/// Events are buffered per key (at most <see cref="MaxBuffered"/> in all and <see cref="MaxBufferedPerKey"/> per key,
/// so a slow webhook never makes the silo buffer without bound); each key delivers its head only, so a failing event
/// parks just its own key while up to MaxInFlight other keys flow. A parked key's later events beyond its share are
/// left in the log and read again once the key drains, so one hot key cannot fill the buffer and stall the others.
/// Outcomes are journaled in batches: the checkpoint never passes an unfinished event.
/// </summary>
internal sealed partial class DeliveryPump(SubscriptionPartitionGrain grain, WebhookDeliverer deliverer, TimeProvider time, ILogger logger) : IDisposable
{
    public const int MaxBuffered = 1_000;
    public const int MaxBufferedPerKey = 100;

    /// <summary>
    /// How far reading may run ahead of the checkpoint while a key is parked: it bounds the offsets finished out of
    /// order that the journal keeps, and how much a re-read scans. Beyond it, every key waits for the parked one.
    /// </summary>
    public const int MaxAheadOfCheckpoint = 50_000;
    private const int ReadPage = 250;

    private readonly Dictionary<string, Queue<Pending>> _keys = [];
    private readonly Queue<Pending> _redrive = new();
    private readonly HashSet<long> _redriveLoaded = [];
    private readonly HashSet<long> _bufferedOffsets = [];
    private readonly HashSet<string> _overflowedKeys = [];
    private readonly HashSet<string> _rereadKeys = [];
    private readonly HashSet<long> _completed = [];
    private readonly List<(Pending Item, string Error)> _dead = [];
    private long _readCursor = -1;
    private long? _rereadFrom;
    private long _scannedUpTo;
    private int _inFlight;
    private int _delivered;
    private int _failed;
    private int _generation;
    private bool _running;
    private bool _again;
    private bool _redriveInFlight;
    private bool _disposed;

    private SubscriptionPartitionState State => grain.Progress;

    private SubscriptionSettings Settings => State.Settings!;

    public void Start(long checkpoint)
    {
        if (_readCursor < 0)
        {
            _readCursor = checkpoint;
        }

        Kick();
    }

    /// <summary>Makes everything owed so far stale, before a seek is journaled.</summary>
    public void Invalidate() => _generation++;

    /// <summary>Forgets everything buffered (a seek); deliveries still in flight finish but are ignored.</summary>
    public void Restart(long checkpoint)
    {
        _generation++;
        _keys.Clear();
        _redrive.Clear();
        _redriveLoaded.Clear();
        _bufferedOffsets.Clear();
        _overflowedKeys.Clear();
        _rereadKeys.Clear();
        (_rereadFrom, _scannedUpTo) = (null, 0);
        (_inFlight, _redriveInFlight, _readCursor) = (0, false, checkpoint);
        _completed.Clear();
        _dead.Clear();
        Kick();
    }

    /// <summary>Runs a round now, or right after the current one.</summary>
    public void Kick()
    {
        if (_disposed)
        {
            return;
        }

        if (_running)
        {
            _again = true;
            return;
        }

        _ = RunAsync();
    }

    public void Dispose() => _disposed = true;

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            do
            {
                // A seek (Restart) during this round's awaits makes everything the round read or owes stale.
                var generation = _generation;
                _again = false;
                try
                {
                    if (await FillAsync(generation))
                    {
                        Dispatch();
                    }
                }
                finally
                {
                    // Outcomes already known are journaled even when reading failed, so the checkpoint keeps up.
                    await FlushAsync(generation);
                }
            }
            while (_again && !_disposed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Storage trouble: nothing is lost (the journal still holds the checkpoint); the next tick tries again.
            LogRoundFailed(logger, ex, State.Subscription);
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Buffers redriven and new events; false when a seek made this round stale.</summary>
    private async Task<bool> FillAsync(int generation)
    {
        // An offset stays "loaded" until the journal no longer lists it for redrive, so it is never sent twice.
        _redriveLoaded.RemoveWhere(o => !State.Redrive.Contains(o));
        foreach (var offset in State.Redrive.Where(o => !_redriveLoaded.Contains(o)).ToList())
        {
            var read = await grain.ReadMessagesAsync(offset, 1);
            if (generation != _generation)
            {
                return false;
            }

            _redriveLoaded.Add(offset);
            if (read is [var message, ..] && message.Offset == offset)
            {
                _redrive.Enqueue(new Pending(message));
            }
            else
            {
                // Purged by retention since it was dead-lettered: nothing left to deliver.
                _completed.Add(offset);
            }
        }

        RereadOverflowWhenDrained();
        RewindWhenNothingIsOwed();
        while (_bufferedOffsets.Count < MaxBuffered && _readCursor - State.Checkpoint < MaxAheadOfCheckpoint)
        {
            var wanted = Math.Min(ReadPage, MaxBuffered - _bufferedOffsets.Count);
            var page = await grain.ReadMessagesAsync(_readCursor, wanted);
            if (generation != _generation)
            {
                return false;
            }

            if (page.Count == 0)
            {
                return true;
            }

            if (page[0].Offset > _readCursor)
            {
                // Retention purged events this subscription had not finished: move the checkpoint to the oldest
                // retained event (what is already buffered is still delivered) so it never waits for them.
                await grain.RecordAsync(new SubscriptionJournal.Expired(page[0].Offset), () => generation == _generation);
                if (generation != _generation)
                {
                    return false;
                }
            }

            foreach (var message in page)
            {
                _readCursor = message.Offset + 1;
                if (IsOwned(message.Offset))
                {
                    continue;
                }

                if (!Settings.Accepts(message.Type))
                {
                    _completed.Add(message.Offset);
                    continue;
                }

                Buffer(message);
                if (SkipRereadRange())
                {
                    break;
                }
            }

            if (page.Count < wanted)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>Done, or already somewhere in this pump (buffered, in flight, finished but not yet journaled).</summary>
    private bool IsOwned(long offset) =>
        State.IsDone(offset) || _bufferedOffsets.Contains(offset) || _completed.Contains(offset) || _dead.Exists(d => d.Item.Message.Offset == offset);

    private void Buffer(TopicMessage message)
    {
        var key = KeyOf(message);
        _keys.TryGetValue(key, out var queue);
        // Once one of a key's events is left in the log, all its later ones must be too, or they would overtake it
        // (even if the key drained meanwhile: a key never keeps an empty queue, Dispatch sends every queue's head).
        if (_overflowedKeys.Contains(key) || queue?.Count >= MaxBufferedPerKey)
        {
            _overflowedKeys.Add(key);
            _rereadFrom = Math.Min(_rereadFrom ?? long.MaxValue, message.Offset);
            return;
        }

        if (queue is null)
        {
            _keys[key] = queue = new Queue<Pending>();
        }

        queue.Enqueue(new Pending(message));
        _bufferedOffsets.Add(message.Offset);
    }

    /// <summary>
    /// When a key whose events were left in the log has room again, reads again from the oldest event left behind;
    /// everything this pump already holds is skipped on the way, so nothing is sent twice.
    /// </summary>
    private void RereadOverflowWhenDrained()
    {
        if (_rereadFrom is not { } from
            || !_overflowedKeys.Any(k => !_keys.TryGetValue(k, out var queue) || queue.Count <= MaxBufferedPerKey / 2))
        {
            return;
        }

        if (_readCursor >= _scannedUpTo)
        {
            _rereadKeys.Clear();
        }

        // A re-read still under way keeps the keys it is reading for: jumping ahead must wait for all of them.
        _rereadKeys.UnionWith(_overflowedKeys);
        _overflowedKeys.Clear();
        _rereadFrom = null;
        _scannedUpTo = Math.Max(_scannedUpTo, _readCursor);
        _readCursor = Math.Min(_readCursor, from);
    }

    /// <summary>
    /// While reading again, the only events this pump does not already hold belong to the keys being read again; once
    /// each of them is full again the rest of the range holds nothing new, so reading jumps to where it had got to.
    /// </summary>
    private bool SkipRereadRange()
    {
        if (_rereadKeys.Count > 0 && _readCursor >= _scannedUpTo)
        {
            _rereadKeys.Clear();
        }

        if (_rereadKeys.Count == 0 || !_rereadKeys.All(_overflowedKeys.Contains))
        {
            return false;
        }

        _rereadKeys.Clear();
        _readCursor = _scannedUpTo;
        return true;
    }

    /// <summary>
    /// Holding nothing, the pump owes nothing: every event below the read cursor should then be done. If the journal
    /// says otherwise (an outcome lost with an activation that was handing over), read again from the checkpoint.
    /// </summary>
    private void RewindWhenNothingIsOwed()
    {
        if (_readCursor > State.Checkpoint && _bufferedOffsets.Count == 0 && _inFlight == 0 && _completed.Count == 0 && _dead.Count == 0
            && _redrive.Count == 0 && _rereadFrom is null)
        {
            // Something unknown is missing in between: no jumping ahead over any of it.
            _rereadKeys.Clear();
            _scannedUpTo = 0;
            _readCursor = State.Checkpoint;
        }
    }

    private static string KeyOf(TopicMessage message) => message.Key ?? "#" + message.Offset;

    private bool IsHead(Pending pending) =>
        _keys.TryGetValue(KeyOf(pending.Message), out var queue) && ReferenceEquals(queue.Peek(), pending);

    private void Dispatch()
    {
        var now = time.GetUtcNow();
        if (!_redriveInFlight && _inFlight < Settings.MaxInFlight && _redrive.TryPeek(out var redriven) && redriven.NextAttemptAt <= now)
        {
            _redriveInFlight = true;
            _ = DeliverAsync(redriven, isRedrive: true);
        }

        // Higher priority keys go first; a key's order is never changed because only its head is ever sent.
        var ready = _keys.Values
            .Select(q => q.Peek())
            .Where(p => !p.InFlight && p.NextAttemptAt <= now)
            .OrderByDescending(p => p.Message.Priority)
            .ThenBy(p => p.Message.Offset)
            .Take(Math.Max(0, Settings.MaxInFlight - _inFlight))
            .ToList();
        foreach (var pending in ready)
        {
            // A delivery that completes synchronously dispatches again from inside this loop: re-check each one.
            if (!pending.InFlight && _inFlight < Settings.MaxInFlight && IsHead(pending) && pending.NextAttemptAt <= now)
            {
                _ = DeliverAsync(pending, isRedrive: false);
            }
        }
    }

    private async Task DeliverAsync(Pending pending, bool isRedrive)
    {
        var generation = _generation;
        pending.InFlight = true;
        _inFlight++;
        DeliveryResult result;
        try
        {
            result = await deliverer.DeliverAsync(State.Subscription!, Settings.Delivery, pending.Message, pending.Attempts + 1);
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

        _inFlight--;
        pending.InFlight = false;
        if (result.Succeeded)
        {
            Remove(pending, isRedrive);
            _completed.Add(pending.Message.Offset);
            _delivered++;
            BusTelemetry.Delivered(State.Subscription!, time.GetUtcNow() - pending.Message.Timestamp);
        }
        else
        {
            pending.Attempts++;
            _failed++;
            if (pending.Attempts >= Settings.MaxAttempts)
            {
                Remove(pending, isRedrive);
                _dead.Add((pending, result.Error ?? "failed"));
            }
            else
            {
                if (isRedrive)
                {
                    _redriveInFlight = false;
                }

                BusTelemetry.Retried(State.Subscription!);
                var delay = Settings.Backoff.DelayAfter(pending.Attempts, Random.Shared.NextDouble());
                pending.NextAttemptAt = time.GetUtcNow() + delay;
                _ = WakeAfterAsync(delay, generation);
            }
        }

        // Send the key's next event (and fill the freed slot) now, not after the round's read and journal write;
        // the round that follows journals this outcome and reads what is new.
        Dispatch();
        Kick();
    }

    private async Task WakeAfterAsync(TimeSpan delay, int generation)
    {
        await Task.Delay(delay, time);
        if (generation == _generation)
        {
            Kick();
        }
    }

    private void Remove(Pending pending, bool isRedrive)
    {
        if (isRedrive)
        {
            _redrive.Dequeue();
            _redriveInFlight = false;
            return;
        }

        var key = KeyOf(pending.Message);
        var queue = _keys[key];
        queue.Dequeue();
        _bufferedOffsets.Remove(pending.Message.Offset);
        if (queue.Count == 0)
        {
            _keys.Remove(key);
        }
    }

    private async Task FlushAsync(int generation)
    {
        // Dead letters first: after a crash between the two writes, a dead event must not be retried behind the
        // events of its key that were delivered after it.
        while (_dead.Count > 0 && generation == _generation)
        {
            var (item, error) = _dead[0];
            await grain.DeadLetterAsync(item.Message.Offset, item.Message, item.Attempts, error, 0, () => generation == _generation);
            if (generation == _generation)
            {
                _dead.RemoveAt(0);
            }
        }

        if ((_completed.Count > 0 || _failed > 0) && generation == _generation)
        {
            var (completed, delivered, failed) = (_completed.ToList(), _delivered, _failed);
            _completed.Clear();
            (_delivered, _failed) = (0, 0);
            try
            {
                await grain.RecordAsync(new SubscriptionJournal.Completed(completed, delivered, failed), () => generation == _generation);
            }
            catch when (generation == _generation)
            {
                // Keep them for the next round: the journal must eventually hold every finished offset.
                _completed.UnionWith(completed);
                (_delivered, _failed) = (_delivered + delivered, _failed + failed);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery round of subscription {Subscription} failed; retrying on the next tick")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string? subscription);

    private sealed class Pending(TopicMessage message)
    {
        public TopicMessage Message { get; } = message;

        public int Attempts { get; set; }

        public bool InFlight { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; }
    }
}
