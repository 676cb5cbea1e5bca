using System.Collections.Concurrent;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>
/// A participant that keeps the contract of the README's "Transactions (two-phase commit)" on top of a
/// <see cref="ParticipantServer"/>: it remembers every abort (so a prepare arriving after it, a hanging prepare, is
/// refused), answers an abort of a branch it never prepared with 2xx (empty rollback), and applies each
/// Idempotency-Key once. Paths are <c>/{name}/prepare|commit|abort</c>; a test may make it vote no, answer slowly or
/// fail phase two.
/// </summary>
public sealed class TwoPhaseParticipant
{
    private readonly ConcurrentDictionary<string, string> _branches = new();
    private readonly ConcurrentDictionary<string, int> _applied = new();
    private bool _phaseTwoDown;

    public TwoPhaseParticipant(ParticipantServer server) => server.Respond = Handle;

    /// <summary>Branches (by <c>X-Transaction-Id</c>/<c>X-Transaction-Branch</c>) whose prepare is answered 409.</summary>
    public ConcurrentDictionary<string, bool> VoteNo { get; } = new();

    /// <summary>Names of participants whose prepare answers only after this delay.</summary>
    public ConcurrentDictionary<string, TimeSpan> SlowPrepare { get; } = new();

    /// <summary>While true, commit and abort calls answer 503 (the participant is down for phase two).</summary>
    public bool PhaseTwoDown
    {
        get => Volatile.Read(ref _phaseTwoDown);
        set => Volatile.Write(ref _phaseTwoDown, value);
    }

    /// <summary>How often each phase-two Idempotency-Key was delivered while up; its effect is applied on the first.</summary>
    public IReadOnlyDictionary<string, int> Deliveries => _applied;

    /// <summary>The branch's state: prepared, committed, aborted (or null when never seen).</summary>
    public string? StateOf(string transactionId, string branch) => _branches.GetValueOrDefault($"{transactionId}/{branch}");

    private ParticipantReply Handle(ParticipantRequest request)
    {
        var parts = request.Path.Trim('/').Split('/');
        var (name, phase) = (parts[0], parts[^1]);
        var branch = $"{request.Header("X-Transaction-Id")}/{request.Header("X-Transaction-Branch")}";
        switch (phase)
        {
            case "prepare":
                if (_branches.TryGetValue(branch, out var known) && known == "aborted")
                {
                    return new ParticipantReply(409, """{"error":"aborted before its prepare arrived"}""");
                }

                if (VoteNo.ContainsKey(branch))
                {
                    return new ParticipantReply(409, """{"error":"cannot prepare"}""");
                }

                _branches[branch] = "prepared";
                return new ParticipantReply(200, Delay: SlowPrepare.GetValueOrDefault(name));
            case "commit" or "abort" when PhaseTwoDown:
                return new ParticipantReply(503);
            case "commit":
                Apply(request, branch, "committed");
                return ParticipantReply.Ok();
            default:
                // Unknown or refused branches are aborted all the same (empty rollback), and remembered.
                Apply(request, branch, "aborted");
                return ParticipantReply.Ok();
        }
    }

    private void Apply(ParticipantRequest request, string branch, string state)
    {
        var key = request.Header("Idempotency-Key") ?? throw new InvalidOperationException("A phase-two call without Idempotency-Key.");
        if (_applied.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
        {
            _branches[branch] = state;
        }
    }
}
