using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// Chooses what the pump sends: the redrive queue's head, then the head event of each key, higher priorities first,
/// never more than maxInFlight at once. A key's order never changes because only its head is ever sent, so a failing
/// event parks just its own key. Also decides when a failed event may go again (exponential backoff with jitter).
/// </summary>
/// <param name="buffer">The keyed buffer whose heads are sent.</param>
/// <param name="redrive">Redriven dead letters, sent one at a time beside the keys.</param>
/// <param name="time">The clock retry times are measured on.</param>
/// <param name="jitter">A number in [0, 1) per retry, so retries of many events spread out instead of arriving together.</param>
internal sealed class DeliveryDispatcher(KeyedBuffer buffer, RedriveQueue redrive, TimeProvider time, Func<double> jitter)
{
    /// <summary>Deliveries started and not yet finished.</summary>
    public int InFlight { get; private set; }

    /// <summary>
    /// Starts every delivery that may go now through <paramref name="send"/> (the flag tells a redriven event).
    /// <paramref name="send"/> may finish synchronously and dispatch again from inside this call.
    /// </summary>
    public void Dispatch(int maxInFlight, Action<PendingDelivery, bool> send)
    {
        var now = time.GetUtcNow();
        if (InFlight < maxInFlight && redrive.TryTakeReady(now, out var redriven))
        {
            Start(redriven);
            send(redriven, true);
        }

        var ready = buffer.Heads
            .Where(p => !p.InFlight && p.NextAttemptAt <= now)
            .OrderByDescending(p => p.Message.Priority)
            .ThenBy(p => p.Message.Offset)
            .Take(Math.Max(0, maxInFlight - InFlight))
            .ToList();
        foreach (var pending in ready)
        {
            // A delivery that finished synchronously dispatched again from inside this loop: check each one again.
            if (!pending.InFlight && InFlight < maxInFlight && buffer.IsHead(pending) && pending.NextAttemptAt <= now)
            {
                Start(pending);
                send(pending, false);
            }
        }
    }

    /// <summary>A delivery finished (whatever its outcome): its slot is free.</summary>
    public void Finished(PendingDelivery pending)
    {
        InFlight--;
        pending.InFlight = false;
    }

    /// <summary>Holds a failed event back until its backoff has passed.</summary>
    /// <returns>How long it waits.</returns>
    public TimeSpan ScheduleRetry(PendingDelivery pending, BackoffSettings backoff)
    {
        var delay = backoff.DelayAfter(pending.Attempts, jitter());
        pending.NextAttemptAt = time.GetUtcNow() + delay;
        return delay;
    }

    /// <summary>Forgets the deliveries in flight (a seek): they still finish, but their outcomes are ignored.</summary>
    public void Reset() => InFlight = 0;

    private void Start(PendingDelivery pending)
    {
        pending.InFlight = true;
        InFlight++;
    }
}
