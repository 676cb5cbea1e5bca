using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Grains.Calls;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>
/// The participant contract on the wire: every call carries the transaction, the branch and the phase in headers and
/// in the body, and an idempotency key that is the same for every retry of that phase of that branch.
/// </summary>
internal static class ParticipantCalls
{
    public const string Prepare = "prepare";
    public const string Commit = "commit";
    public const string Abort = "abort";

    public static ParticipantCall Build(string transactionId, TransactionParticipant participant, string phase, TimeSpan timeout)
    {
        var spec = phase switch
        {
            Prepare => participant.Prepare,
            Commit => participant.Commit,
            _ => participant.Abort,
        };
        var body = spec.Data is { } data ? JsonNode.Parse(data)!.AsObject() : [];
        body["transactionId"] = transactionId;
        body["branch"] = participant.Branch;
        body["phase"] = phase;
        var headers = new Dictionary<string, string>
        {
            ["X-Transaction-Id"] = transactionId,
            ["X-Transaction-Branch"] = participant.Branch,
            ["X-Transaction-Phase"] = phase,
            ["Idempotency-Key"] = IdempotencyKey(transactionId, participant.Branch, phase),
        };
        return new ParticipantCall(spec.Target, body.ToJsonString(), headers, timeout);
    }

    /// <summary>Stable across retries and coordinator restarts: a participant applies each (transaction, branch, phase) once.</summary>
    public static string IdempotencyKey(string transactionId, string branch, string phase) => $"{transactionId}/{branch}/{phase}";
}
