using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Transactions;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>tx</c>: writers run two-phase-commit transactions through the typed client (<c>ITransactions.RunAsync</c>), each
/// with <c>--participants</c> branches on a local no-op HTTP participant; latency is start to committed (every
/// participant acknowledged), and a transaction that does not commit is an error.
/// </summary>
internal static class TransactionScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var participants = new Option<int>("--participants") { Description = "Participants per transaction.", DefaultValueFactory = _ => 2 };
        var command = new Command("tx", "Two-phase-commit transactions per second and start-to-committed latency, against a no-op participant.");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        command.Add(participants);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(load.Read(parse), connection.Read(parse), parse.GetValue(participants), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, int participantCount, CancellationToken cancellationToken)
    {
        await using var participant = await NoOpParticipant.StartAsync();
        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var branches = Enumerable.Range(0, Math.Max(1, participantCount)).Select(i => new TransactionParticipant(
            $"p{i}",
            new ParticipantCallSpec(new CallTarget("POST", Url: $"{participant.BaseUrl}/p{i}/prepare")),
            new ParticipantCallSpec(new CallTarget("POST", Url: $"{participant.BaseUrl}/p{i}/commit")),
            new ParticipantCallSpec(new CallTarget("POST", Url: $"{participant.BaseUrl}/p{i}/abort")))).ToList();

        var result = await new LoadRunner(load).RunAsync("tx/client", async (_, ct) =>
        {
            var request = new TransactionRequest("bench-" + Guid.NewGuid().ToString("N"), branches, TimeSpan.FromSeconds(10));
            var outcome = await client.Transactions.RunAsync(request, ct);
            return outcome.Status == TransactionStatus.Committed
                ? 1
                : throw new NotCommittedException($"transaction {request.TransactionId} ended {outcome.Status}: {outcome.Reason}");
        }, cancellationToken);

        AnsiConsole.MarkupLine($"[grey]participant calls answered: {participant.Calls:N0}[/]");
        var summary = ResultReporter.Summarize("tx", "client", connection.Storage, load.Writers, result) with { Streams = participantCount };
        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return ExitCodes.For(result);
    }

    private sealed class NotCommittedException(string message) : Exception(message);
}
