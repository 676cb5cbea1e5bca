using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>Journal event: the transaction was started with this request (<paramref name="Fingerprint"/> recognises a repeat).</summary>
[EventType("TransactionStarted.v1")]
internal sealed record TransactionStarted(TransactionRequest Request, string Fingerprint);

/// <summary>
/// Journal event: the decision, durable before any phase-two call. Without one the transaction is presumed aborted.
/// </summary>
[EventType("TransactionDecided.v1")]
internal sealed record TransactionDecided(bool Commit, IReadOnlyList<BranchVote> Votes, string? Reason);

/// <summary>One branch's prepare vote.</summary>
internal sealed record BranchVote(string Branch, PrepareVote Vote, string? Error);

/// <summary>Journal event: one round of phase-two calls and how each ended.</summary>
[EventType("TransactionPhaseTwoRound.v1")]
internal sealed record PhaseTwoRound(IReadOnlyList<BranchAcknowledgement> Results);

/// <summary>One phase-two call: acknowledged (2xx), or the error it failed with.</summary>
internal sealed record BranchAcknowledgement(string Branch, bool Acknowledged, string? Error);

/// <summary>Journal event: every participant acknowledged the decision.</summary>
[EventType("TransactionCompleted.v1")]
internal sealed record TransactionCompleted(bool Committed);
