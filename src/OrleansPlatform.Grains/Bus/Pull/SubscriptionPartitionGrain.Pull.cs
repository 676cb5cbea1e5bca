using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Grains.Bus;

/// <summary>The pull side of a subscription partition: consumers pull batches and ack or nack them; leases in <see cref="PullLeases"/>.</summary>
public sealed partial class SubscriptionPartitionGrain
{
    public async Task<IReadOnlyList<TopicMessage>> PullAsync(int max)
    {
        EnsurePull();
        var ticket = _leases.Open(State.Checkpoint, State.Redrive, max);
        var messages = new List<TopicMessage>();
        foreach (var offset in ticket.Redriven)
        {
            if (await ReadMessageAtAsync(offset) is { } message)
            {
                messages.Add(message);
            }
        }

        var firstNew = messages.Count;

        // Read into a local cursor: if anything below fails, nothing was handed out and the next pull reads again.
        var cursor = ticket.Cursor;
        if (ticket.MayHandOutNew)
        {
            // Events the filter skips right at the checkpoint are nobody's to acknowledge: complete them here, or the
            // partition would report them as lag (and redeliver nothing) until the consumer's next acknowledgement.
            var skippedFromCheckpoint = cursor == State.Checkpoint;
            var skippedUpTo = -1L;
            while (messages.Count < max)
            {
                var page = await ReadMessagesAsync(cursor, max - messages.Count);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var message in page)
                {
                    if (State.IsDone(message.Offset) || !Settings.Accepts(message.Type))
                    {
                        skippedUpTo = skippedFromCheckpoint ? message.Offset : skippedUpTo;
                        continue;
                    }

                    skippedFromCheckpoint = false;
                    messages.Add(message);
                }

                cursor = page[^1].Offset + 1;
            }

            if (skippedUpTo >= State.Checkpoint)
            {
                await RecordAsync(new SubscriptionJournal.AckedUpTo(skippedUpTo, 0));
            }
        }

        _knownEnd = Math.Max(_knownEnd, cursor);
        _leases.Close(ticket, cursor, messages.Skip(firstNew).Select(m => m.Offset).ToList());
        return messages;
    }

    public async Task AckAsync(long offset)
    {
        EnsurePull();
        if (State.Redrive.Contains(offset))
        {
            await CompleteRedrivenAsync(_leases.TakeRedrivenBatch(offset) ?? throw NotHandedOut(offset));
            return;
        }

        if (!_leases.MayAcknowledge(offset))
        {
            // Never published: acknowledging it would silently skip the next events (400). Otherwise a stale ack
            // (409): those events are handed out again.
            throw offset >= await ReadEndOffsetAsync()
                ? new PlatformValidationException("offset", $"Partition {Partition} has no event at offset {offset} yet.")
                : NotHandedOut(offset);
        }

        if (offset >= State.Checkpoint)
        {
            // The whole batch acknowledged: the events read past it were ones the filter skips, done as well.
            var (upTo, delivered) = _leases.PlanAck(offset, State.Checkpoint);
            await RecordAsync(new SubscriptionJournal.AckedUpTo(upTo, delivered));
            _leases.Acknowledged(upTo);
            BusTelemetry.Acknowledged(State.Subscription!, delivered);
        }

        // Redriven events that went out with a batch of new events are done once that batch is.
        await CompleteRedrivenAsync(_leases.TakeRedrivenWith(offset));
    }

    public async Task GiveUpAsync(long offset, int attempts, string error)
    {
        EnsurePull();
        if (State.IsDone(offset) && !State.Redrive.Contains(offset))
        {
            return; // already done: a repeated call after a timeout
        }

        EnsureHandedOut(offset);
        await DeadLetterAsync(offset, await ReadMessageAtAsync(offset), attempts, error, attempts);
        _leases.GaveUp(offset);
    }

    public async Task NackAsync(long offset, string error)
    {
        EnsurePull();
        EnsureHandedOut(offset);
        var attempts = _leases.Failed(offset);
        BusTelemetry.Retried(State.Subscription!);
        var deadLettered = attempts >= Settings.MaxAttempts;
        if (deadLettered)
        {
            await DeadLetterAsync(offset, await ReadMessageAtAsync(offset), attempts, error, attempts);
            _leases.ForgetAttempts(offset);
        }

        _leases.Nacked(offset, deadLettered, State.Checkpoint);
    }

    private async Task CompleteRedrivenAsync(IReadOnlyList<long> offsets)
    {
        var pending = offsets.Where(State.Redrive.Contains).ToList();
        if (pending.Count > 0)
        {
            await RecordAsync(new SubscriptionJournal.Completed(pending, pending.Count, 0));
            BusTelemetry.Acknowledged(State.Subscription!, pending.Count);
        }
    }

    /// <summary>Nack and give-up name an event this partition handed out (and has not seen finished).</summary>
    private void EnsureHandedOut(long offset)
    {
        if (!_leases.IsOut(offset, State.Checkpoint, State.Redrive.Contains(offset)))
        {
            throw offset < 0 ? new PlatformValidationException("offset", "Offsets start at 0.") : NotHandedOut(offset);
        }
    }

    private PlatformConflictException NotHandedOut(long offset) => new(
        $"Offset {offset} of partition {Partition} is not out with a consumer (never handed out, already finished, or handed out before a seek, an expired lease or a restart); pull again.");

    private void EnsurePull()
    {
        if (Settings.Delivery.Kind != DeliveryKind.Pull)
        {
            throw new PlatformConflictException($"Subscription '{State.Subscription}' delivers by webhook; it cannot be pulled or acknowledged.");
        }
    }
}
