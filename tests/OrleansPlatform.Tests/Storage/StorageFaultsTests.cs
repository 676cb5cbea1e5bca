using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Gateway.Errors;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>Driver errors become platform errors in one place, and none of them is left to answer 500.</summary>
public sealed class StorageFaultsTests
{
    public static TheoryData<Exception, Type> Faults => new()
    {
        { new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), typeof(StorageUnavailableException) },
        { new NpgsqlException("Exception while reading from stream", new TimeoutException()), typeof(StorageUnavailableException) },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown), typeof(StorageUnavailableException) },
        { new SqliteException("database is locked", 5), typeof(StorageUnavailableException) },
        { new TimeoutException(), typeof(StorageUnavailableException) },
        { new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation), typeof(PlatformValidationException) },
        { new PostgresException("invalid input syntax for type json", "ERROR", "ERROR", PostgresErrorCodes.InvalidTextRepresentation), typeof(PlatformValidationException) },
        { new SqliteException("CHECK constraint failed", 19), typeof(PlatformValidationException) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Translate_DriverError_BecomesAPlatformErrorTheGatewayMaps(Exception fault, Type expected)
    {
        var translated = StorageFaults.Translate(fault);

        Assert.IsType(expected, translated);
        var status = PlatformProblemDetails.ToProblem(translated)?.Status;
        Assert.True(status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status400BadRequest, $"status {status}");
    }

    [Fact]
    public void Translate_NotAStorageFault_StaysAsItIs()
    {
        var bug = new InvalidOperationException("a bug");

        Assert.Same(bug, StorageFaults.Translate(bug));
    }

    [Fact]
    public void IsDataError_ConnectionLossOrConstraint_TellsThemApart()
    {
        Assert.False(StorageFaults.IsDataError(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(StorageFaults.IsDataError(new PostgresException("shutting down", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)));
        Assert.True(StorageFaults.IsDataError(new PostgresException("check", "ERROR", "ERROR", PostgresErrorCodes.CheckViolation)));
        Assert.True(StorageFaults.IsDataError(new SqliteException("CHECK constraint failed", 19)));
    }

    [Fact]
    public void ToProblem_CommitOutcomeUnknown_Is503SayingARetryIsSafe()
    {
        var problem = PlatformProblemDetails.ToProblem(new CommitOutcomeUnknownException(TimeSpan.FromSeconds(10)));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem?.Status);
        Assert.Contains("same event ids is safe", problem?.Detail, StringComparison.Ordinal);
    }
}
