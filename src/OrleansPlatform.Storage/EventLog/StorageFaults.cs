using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// The one place where database driver errors become the platform's errors, so no caller ever sees (or answers 500
/// for) an <see cref="NpgsqlException"/>, a <see cref="SqliteException"/> or a driver timeout.
/// </summary>
public static class StorageFaults
{
    // SQLite result codes of errors caused by the rows themselves (https://sqlite.org/rescode.html).
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    /// <summary>
    /// True when the database refused the data (a constraint, an invalid value): another write of other rows can
    /// succeed, so a batch that failed this way is worth splitting. Connection losses, timeouts and server shutdowns
    /// are not: every write would fail the same way.
    /// </summary>
    public static bool IsDataError(Exception exception) => exception switch
    {
        // Class 22 is "data exception", class 23 "integrity constraint violation".
        PostgresException e => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal),
        SqliteException e => e.SqliteErrorCode is SqliteTooBig or SqliteConstraint or SqliteMismatch,
        PlatformValidationException => true,
        _ => false,
    };

    /// <summary>
    /// The platform error for <paramref name="exception"/>: refused data becomes a <see cref="PlatformValidationException"/>,
    /// any other driver, network or timeout error a <see cref="StorageUnavailableException"/>. Platform errors and
    /// faults that are not storage's (bugs) come back unchanged.
    /// </summary>
    public static Exception Translate(Exception exception) => exception switch
    {
        PlatformException => exception,
        NpgsqlException or SqliteException when IsDataError(exception) =>
            new PlatformValidationException("events", $"The database refused the events: {Reason(exception)}"),
        NpgsqlException or SqliteException or TimeoutException or SocketException or IOException => new StorageUnavailableException(Reason(exception)),
        _ => exception,
    };

    /// <summary>Runs a storage call so that it fails with platform errors only (<see cref="Translate"/>).</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (Translate(ex) is var translated && !ReferenceEquals(translated, ex))
        {
            throw translated;
        }
    }

    /// <summary>As <see cref="GuardAsync{T}"/>, for a call without a result.</summary>
    public static Task GuardAsync(Func<Task> call) => GuardAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>A short reason without driver internals (no connection string, no stack).</summary>
    private static string Reason(Exception exception) => exception switch
    {
        PostgresException e => $"PostgreSQL {e.SqlState}: {e.MessageText}",
        NpgsqlException { InnerException: SocketException s } => $"PostgreSQL cannot be reached: {s.SocketErrorCode}",
        NpgsqlException { InnerException: TimeoutException } => "PostgreSQL did not answer in time",
        NpgsqlException { IsTransient: true } => "PostgreSQL connection lost",
        NpgsqlException e => e.Message,
        SqliteException e => $"SQLite {e.SqliteErrorCode}: {e.Message}",
        TimeoutException => "the database did not answer in time",
        _ => exception.Message,
    };
}
