using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Transactions;

namespace OrleansPlatform.Grains.Transactions;

public sealed partial class TransactionCoordinatorGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Transaction {TransactionId} started with {Participants} participants")]
    private static partial void LogStarted(ILogger logger, string transactionId, int participants);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transaction {TransactionId} decided (commit: {Commit}); reason: {Reason}")]
    private static partial void LogDecided(ILogger logger, string transactionId, bool commit, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: {Failed} participants did not acknowledge {Phase} (round {Round}); retrying with back-off")]
    private static partial void LogPhaseTwoRetry(ILogger logger, string transactionId, string phase, int failed, int round);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Transaction {TransactionId} finished: {Status}")]
    private static partial void LogFinished(ILogger logger, string transactionId, TransactionStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: a round failed on storage; it runs again after a back-off")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string transactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: its statistics row was not written; the next status change writes it")]
    private static partial void LogReadModelFailed(ILogger logger, Exception exception, string transactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: its recovery reminder was not removed; it is removed when it next fires")]
    private static partial void LogReminderNotRemoved(ILogger logger, Exception exception, string transactionId);
}
