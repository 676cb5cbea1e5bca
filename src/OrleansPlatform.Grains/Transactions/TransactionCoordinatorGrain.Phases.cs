using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Transactions;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>The two phases' calls: prepare every branch and decide, then one round of commit or abort calls.</summary>
public sealed partial class TransactionCoordinatorGrain
{
    private TransactionDecided PresumedAbort() => new(
        false,
        State.Branches.Select(b => new BranchVote(b.Participant.Branch, PrepareVote.Pending, null)).ToList(),
        "The coordinator restarted before deciding; without a decision the transaction aborts (presumed abort).");

    private async Task<TransactionDecided> PrepareAllAsync(TransactionRequest request)
    {
        var deadline = State.CreatedAt + request.Timeout;
        var votes = await Task.WhenAll(request.Participants.Select(p => PrepareAsync(p, deadline)));
        var refused = votes.FirstOrDefault(v => v.Vote != PrepareVote.Prepared);
        var reason = refused is null ? null : $"Participant '{refused.Branch}' did not prepare ({refused.Vote}): {refused.Error}";
        return new TransactionDecided(refused is null, votes, reason);
    }

    private async Task<BranchVote> PrepareAsync(TransactionParticipant participant, DateTimeOffset deadline)
    {
        var remaining = deadline - Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return new BranchVote(participant.Branch, PrepareVote.Timeout, "The transaction's timeout passed before the prepare call.");
        }

        var started = Time.GetTimestamp();
        var outcome = await CallAsync(participant, ParticipantCalls.Prepare, remaining);
        if (outcome.Succeeded)
        {
            return new BranchVote(participant.Branch, PrepareVote.Prepared, null);
        }

        // No answer for (about: timers may fire a little early) the whole remaining time is a timeout; no answer
        // sooner is an unreachable participant, which is a no.
        var timedOut = outcome.StatusCode is null && Time.GetElapsedTime(started) >= remaining * 0.9;
        var vote = timedOut ? PrepareVote.Timeout : PrepareVote.VoteNo;
        return new BranchVote(participant.Branch, vote, outcome.Error);
    }

    /// <summary>Calls every branch that has not acknowledged the decision yet and journals the round.</summary>
    private async Task<TimeSpan?> PhaseTwoRoundAsync()
    {
        var commit = State.Status == TransactionStatus.Committing;
        var phase = commit ? ParticipantCalls.Commit : ParticipantCalls.Abort;
        var pending = State.Branches.Where(b => b.Outcome == PhaseTwoOutcome.Pending).Select(b => b.Participant).ToList();
        var results = await Task.WhenAll(pending.Select(async p =>
        {
            var outcome = await CallAsync(p, phase, Settings.CallTimeout);
            return new BranchAcknowledgement(p.Branch, outcome.Succeeded, outcome.Error);
        }));

        List<object> events = [new PhaseTwoRound(results)];
        if (results.All(r => r.Acknowledged))
        {
            events.Add(new TransactionCompleted(commit));
        }

        if (!(await JournalAsync(events)).Committed)
        {
            return Settings.RetryDelay(1, Random.Shared.NextDouble());
        }

        if (!State.IsFinished)
        {
            LogPhaseTwoRetry(logger, Id, phase, results.Count(r => !r.Acknowledged), State.Rounds);
            return Settings.RetryDelay(State.Rounds, Random.Shared.NextDouble());
        }

        TransactionTelemetry.Finished(State.Status, State.CompletedAt!.Value - State.CreatedAt);
        _finished?.TrySetResult();
        LogFinished(logger, Id, State.Status);
        await ForgetReminderAsync();
        return null;
    }

    private async Task<CallOutcome> CallAsync(TransactionParticipant participant, string phase, TimeSpan timeout)
    {
        var call = ParticipantCalls.Build(Id, participant, phase, timeout);
        using var activity = TransactionTelemetry.Source.StartActivity($"tx {phase}", ActivityKind.Client);
        activity?.SetTag("transaction.id", Id);
        activity?.SetTag("transaction.branch", participant.Branch);
        activity?.SetTag("transaction.phase", phase);
        activity?.SetTag("participant.target", call.Target.ToString());
        var outcome = await caller.CallAsync(call, CancellationToken.None);
        activity?.SetTag("http.response.status_code", outcome.StatusCode);
        if (!outcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        TransactionTelemetry.Called(phase, outcome.Succeeded);
        return outcome;
    }
}
