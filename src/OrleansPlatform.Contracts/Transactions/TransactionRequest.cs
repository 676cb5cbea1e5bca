using OrleansPlatform.Contracts.Calls;

namespace OrleansPlatform.Contracts.Transactions;

/// <summary>A two-phase-commit transaction to run: its participants and how long preparing may take.</summary>
/// <param name="TransactionId">The transaction's id (1-200 characters of <c>[A-Za-z0-9_.:@-]</c>); starting is idempotent on it.</param>
/// <param name="Participants">The branches, in order; each is prepared, then committed or aborted.</param>
/// <param name="Timeout">How long the prepare phase may take; a participant that has not voted by then counts as a no.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionRequest")]
public sealed record TransactionRequest(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] IReadOnlyList<TransactionParticipant> Participants,
    [property: Id(2)] TimeSpan Timeout)
{
    /// <summary>The prepare timeout when the caller names none (api.md's example: 10 s).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
}

/// <summary>One participant (a branch) of a transaction: the three calls the coordinator may make to it.</summary>
/// <param name="Branch">
/// The branch's name, unique within the transaction: the participant's <c>name</c> when given, else its index
/// (<c>"0"</c>, <c>"1"</c>, ...). Participants receive it as <c>X-Transaction-Branch</c>.
/// </param>
/// <param name="Prepare">Phase one: a 2xx answer is a yes vote.</param>
/// <param name="Commit">Phase two after a commit decision; repeated until acknowledged with a 2xx.</param>
/// <param name="Abort">Phase two after an abort decision (sent to every participant); repeated until acknowledged with a 2xx.</param>
[GenerateSerializer, Immutable, Alias("op.tx.TransactionParticipant")]
public sealed record TransactionParticipant(
    [property: Id(0)] string Branch,
    [property: Id(1)] ParticipantCallSpec Prepare,
    [property: Id(2)] ParticipantCallSpec Commit,
    [property: Id(3)] ParticipantCallSpec Abort);

/// <summary>One call to a participant.</summary>
/// <param name="Target">Where it goes: a service and path, or an absolute URL.</param>
/// <param name="Data">
/// Optional JSON object whose properties are sent in the call's body beside <c>transactionId</c> and <c>branch</c>
/// (which win on a clash); null for none.
/// </param>
[GenerateSerializer, Immutable, Alias("op.tx.ParticipantCallSpec")]
public sealed record ParticipantCallSpec(
    [property: Id(0)] CallTarget Target,
    [property: Id(1)] string? Data = null);
