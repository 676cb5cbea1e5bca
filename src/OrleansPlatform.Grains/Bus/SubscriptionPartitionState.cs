using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>Journal events of a subscription partition (stable type names; JSON in the log).</summary>
internal static class SubscriptionJournal
{
    [EventType("SubscriptionPartitionStarted.v1")]
    public sealed record Started(string Subscription, SubscriptionSettings Settings, long Offset);

    [EventType("SubscriptionSettingsChanged.v1")]
    public sealed record SettingsChanged(SubscriptionSettings Settings);

    /// <summary>Offsets finished: delivered, filtered out, or redriven and delivered.</summary>
    [EventType("SubscriptionCompleted.v1")]
    public sealed record Completed(IReadOnlyList<long> Offsets, int Delivered, int Failed);

    /// <summary>A pull consumer acknowledged everything up to <see cref="Offset"/>.</summary>
    [EventType("SubscriptionAckedUpTo.v1")]
    public sealed record AckedUpTo(long Offset, int Delivered);

    [EventType("SubscriptionDeadLettered.v1")]
    public sealed record DeadLettered(DeadLetter Letter, int Failed);

    [EventType("SubscriptionRedriven.v1")]
    public sealed record Redriven(IReadOnlyList<long> Offsets);

    [EventType("SubscriptionDeadLetterDeleted.v1")]
    public sealed record DeadLetterDeleted(long Offset);

    [EventType("SubscriptionSeeked.v1")]
    public sealed record Seeked(long Offset);

    /// <summary>Retention purged everything below <see cref="Offset"/>: nothing there is owed any more.</summary>
    [EventType("SubscriptionExpired.v1")]
    public sealed record Expired(long Offset);

    /// <summary>The whole state, so activation folds only what came after it.</summary>
    [EventType("SubscriptionSnapshot.v1")]
    public sealed record Snapshot(
        string? Subscription, SubscriptionSettings? Settings, long Checkpoint, IReadOnlyList<long> Completed,
        IReadOnlyList<DeadLetter> DeadLetters, IReadOnlyList<long> Redrive, long Delivered, long Failed, long DeadLetteredTotal);
}

/// <summary>A subscription partition's durable progress, folded from its journal.</summary>
[GenerateSerializer, Alias("op.bus.SubscriptionPartitionState")]
public sealed class SubscriptionPartitionState : IJournalState
{
    [Id(0)] public string? Subscription { get; private set; }

    [Id(1)] public SubscriptionSettings? Settings { get; private set; }

    /// <summary>Every offset below it is done.</summary>
    [Id(2)] public long Checkpoint { get; private set; }

    /// <summary>Offsets at or above the checkpoint already done (different keys finish out of order).</summary>
    [Id(3)] public SortedSet<long> Completed { get; private set; } = [];

    [Id(4)] public SortedDictionary<long, DeadLetter> DeadLetters { get; private set; } = [];

    /// <summary>Dead letters to deliver again, in offset order.</summary>
    [Id(5)] public SortedSet<long> Redrive { get; private set; } = [];

    [Id(6)] public long Delivered { get; private set; }

    [Id(7)] public long Failed { get; private set; }

    [Id(8)] public long DeadLetteredTotal { get; private set; }

    public bool IsDone(long offset) => offset < Checkpoint || Completed.Contains(offset);

    internal SubscriptionJournal.Snapshot ToSnapshot() => new(
        Subscription, Settings, Checkpoint, Completed.ToList(), DeadLetters.Values.ToList(), Redrive.ToList(), Delivered, Failed, DeadLetteredTotal);

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case SubscriptionJournal.Started started:
                (Subscription, Settings, Checkpoint) = (started.Subscription, started.Settings, started.Offset);
                break;
            case SubscriptionJournal.SettingsChanged changed:
                Settings = changed.Settings;
                break;
            case SubscriptionJournal.Completed completed:
                foreach (var offset in completed.Offsets)
                {
                    MarkDone(offset);
                }

                (Delivered, Failed) = (Delivered + completed.Delivered, Failed + completed.Failed);
                break;
            case SubscriptionJournal.AckedUpTo acked:
                Completed.RemoveWhere(o => o <= acked.Offset);
                Checkpoint = Math.Max(Checkpoint, acked.Offset + 1);
                Advance();
                Delivered += acked.Delivered;
                break;
            case SubscriptionJournal.DeadLettered dead:
                MarkDone(dead.Letter.Offset);
                DeadLetters[dead.Letter.Offset] = dead.Letter;
                (DeadLetteredTotal, Failed) = (DeadLetteredTotal + 1, Failed + dead.Failed);
                break;
            case SubscriptionJournal.Redriven redriven:
                foreach (var offset in redriven.Offsets.Where(DeadLetters.ContainsKey))
                {
                    DeadLetters.Remove(offset);
                    Redrive.Add(offset);
                }

                break;
            case SubscriptionJournal.DeadLetterDeleted deleted:
                DeadLetters.Remove(deleted.Offset);
                break;
            case SubscriptionJournal.Snapshot snapshot:
                (Subscription, Settings, Checkpoint) = (snapshot.Subscription, snapshot.Settings, snapshot.Checkpoint);
                Completed = new SortedSet<long>(snapshot.Completed);
                DeadLetters = new SortedDictionary<long, DeadLetter>(snapshot.DeadLetters.ToDictionary(l => l.Offset));
                Redrive = new SortedSet<long>(snapshot.Redrive);
                (Delivered, Failed, DeadLetteredTotal) = (snapshot.Delivered, snapshot.Failed, snapshot.DeadLetteredTotal);
                break;
            case SubscriptionJournal.Expired expired:
                // Unlike a seek, offsets finished above the purge edge stay finished.
                Completed.RemoveWhere(o => o < expired.Offset);
                Checkpoint = Math.Max(Checkpoint, expired.Offset);
                Advance();
                break;
            case SubscriptionJournal.Seeked seeked:
                Checkpoint = seeked.Offset;
                Completed.Clear();
                break;
        }
    }

    private void MarkDone(long offset)
    {
        if (!Redrive.Remove(offset) && offset >= Checkpoint)
        {
            Completed.Add(offset);
            Advance();
        }
    }

    private void Advance()
    {
        while (Completed.Remove(Checkpoint))
        {
            Checkpoint++;
        }
    }
}
