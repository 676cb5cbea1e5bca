using System.Text.Json;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Gateway.Transactions;

/// <summary>Body of <c>POST /api/v1/transactions</c>.</summary>
public sealed record StartTransactionBody(string? TransactionId, IReadOnlyList<ParticipantBody?>? Participants, TimeSpan? Timeout)
{
    /// <summary>The request, with a new id when none is given; calls default to <c>POST</c>.</summary>
    public TransactionRequest ToRequest()
    {
        var participants = (Participants ?? []).Select((p, i) => p is null
            ? throw new PlatformValidationException($"participants[{i}]", "A participant is an object.")
            : new TransactionParticipant(
                p.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Call(p.Prepare, p.Service),
                Call(p.Commit, p.Service),
                Call(p.Abort, p.Service))).ToList();
        return new TransactionRequest(TransactionId ?? Guid.NewGuid().ToString("N"), participants, Timeout ?? TransactionRequest.DefaultTimeout);
    }

    // A missing call stays null so that validation names it with its participant.
    private static ParticipantCallSpec Call(CallBody? call, string? service) => call is null
        ? null!
        : new ParticipantCallSpec(
            new CallTarget(call.Method ?? "POST", call.Url, call.Url is null ? call.Service ?? service : call.Service, call.Path),
            call.Body is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } body ? body.GetRawText() : null);
}

/// <summary>One participant: a service for its calls (or each call names its own <c>url</c>), and an optional branch name.</summary>
public sealed record ParticipantBody(string? Name, string? Service, CallBody? Prepare, CallBody? Commit, CallBody? Abort);

/// <summary>One participant call: <c>method</c> (default POST) and <c>path</c> on the participant's service, or a <c>url</c>; <c>body</c> adds properties to the request body.</summary>
public sealed record CallBody(string? Method, string? Path, string? Url, string? Service, JsonElement? Body);

public sealed record TransactionStartResponse(string TransactionId, string Status);

public sealed record TransactionResponse(
    string TransactionId,
    string Status,
    IReadOnlyList<ParticipantResponse> Participants,
    TimeSpan Timeout,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? CompletedAt,
    string? Reason)
{
    public static TransactionResponse From(TransactionInfo t) => new(
        t.TransactionId, Name(t.Status), t.Participants.Select(ParticipantResponse.From).ToList(), t.Timeout, t.CreatedAt, t.DecidedAt, t.CompletedAt, t.Reason);

    internal static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>A branch: <c>vote</c> pending|prepared|voteNo|timeout, <c>outcome</c> pending|committed|aborted.</summary>
public sealed record ParticipantResponse(string Branch, string Vote, string Outcome, int Attempts, string? LastError)
{
    public static ParticipantResponse From(ParticipantInfo p) =>
        new(p.Branch, TransactionResponse.Name(p.Vote), TransactionResponse.Name(p.Outcome), p.Attempts, p.LastError);
}

public sealed record TransactionStatisticsResponse(
    IReadOnlyDictionary<string, long> ByStatus, long Total, double? CommitRate, double? DurationP50Ms, double? DurationP99Ms, double? AbortRate)
{
    public static TransactionStatisticsResponse From(TransactionStatistics s) => new(
        Enum.GetValues<TransactionStatus>().ToDictionary(TransactionResponse.Name, status => s.ByStatus.GetValueOrDefault(status)),
        s.Total,
        s.CommitRate,
        s.DurationP50Ms ?? s.DurationP50?.TotalMilliseconds,
        s.DurationP99Ms ?? s.DurationP99?.TotalMilliseconds,
        s.AbortRate);
}

public sealed record TransactionSummaryResponse(string TransactionId, string Status, int Participants, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static TransactionSummaryResponse From(TransactionSummary t) =>
        new(t.TransactionId, TransactionResponse.Name(t.Status), t.Participants, t.CreatedAt, t.FinishedAt);
}

public sealed record TransactionListResponse(IReadOnlyList<TransactionSummaryResponse> Transactions, string? NextCursor);
