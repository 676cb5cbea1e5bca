using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>A transaction as its coordinator folds it from <c>$tx:{id}</c>.</summary>
public sealed class TransactionState : IJournalState
{
    private readonly List<BranchState> _branches = [];

    public TransactionRequest? Request { get; private set; }

    public string Fingerprint { get; private set; } = "";

    public TransactionStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Phase-two rounds so far: the retry back-off grows with them.</summary>
    public int Rounds { get; private set; }

    public IReadOnlyList<BranchState> Branches => _branches;

    public bool IsDecided => Status is not TransactionStatus.Preparing;

    public bool IsFinished => Status is TransactionStatus.Committed or TransactionStatus.Aborted;

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case TransactionStarted started:
                Request = started.Request;
                Fingerprint = started.Fingerprint;
                Status = TransactionStatus.Preparing;
                CreatedAt = entry.Timestamp;
                _branches.Clear();
                _branches.AddRange(started.Request.Participants.Select(p => new BranchState(p)));
                break;
            case TransactionDecided decided:
                Status = decided.Commit ? TransactionStatus.Committing : TransactionStatus.Aborting;
                DecidedAt = entry.Timestamp;
                Reason = decided.Reason;
                foreach (var vote in decided.Votes)
                {
                    Branch(vote.Branch).Voted(vote.Vote, vote.Error);
                }

                break;
            case PhaseTwoRound round:
                Rounds++;
                foreach (var result in round.Results)
                {
                    Branch(result.Branch).Called(result.Acknowledged, Status == TransactionStatus.Committing, result.Error);
                }

                break;
            case TransactionCompleted completed:
                Status = completed.Committed ? TransactionStatus.Committed : TransactionStatus.Aborted;
                CompletedAt = entry.Timestamp;
                break;
        }
    }

    public TransactionInfo ToInfo(string transactionId) => new(
        transactionId, Status, _branches.Select(b => b.ToInfo()).ToList(), Request?.Timeout ?? TimeSpan.Zero, CreatedAt, DecidedAt, CompletedAt, Reason);

    private BranchState Branch(string branch) => _branches.First(b => b.Participant.Branch == branch);
}

/// <summary>One branch's vote and phase-two progress.</summary>
public sealed class BranchState(TransactionParticipant participant)
{
    public TransactionParticipant Participant { get; } = participant;

    public PrepareVote Vote { get; private set; }

    public PhaseTwoOutcome Outcome { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    internal void Voted(PrepareVote vote, string? error)
    {
        Vote = vote;
        LastError = error ?? LastError;
    }

    internal void Called(bool acknowledged, bool commit, string? error)
    {
        Attempts++;
        if (acknowledged)
        {
            Outcome = commit ? PhaseTwoOutcome.Committed : PhaseTwoOutcome.Aborted;
        }
        else
        {
            LastError = error;
        }
    }

    internal ParticipantInfo ToInfo() => new(Participant.Branch, Vote, Outcome, Attempts, LastError);
}
