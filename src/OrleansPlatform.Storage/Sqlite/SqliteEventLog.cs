using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>
/// The event log in one SQLite file (the embedded default): one facade over its appender, reader, retention and
/// position parts.
/// </summary>
public sealed class SqliteEventLog(SqliteConnectionFactory connections) : IEventLog
{
    private readonly SqliteEventAppender _appender = new(connections);
    private readonly SqliteEventReader _reader = new(connections);
    private readonly SqliteRetention _retention = new(connections);

    public Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken) =>
        _appender.AppendBatchAsync(appends, cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        _reader.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken);

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken) =>
        _reader.ReadAllAsync(request, cancellationToken);

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) =>
        _reader.GetStreamInfoAsync(streamId, cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        _reader.FindByEventIdsAsync(streamId, eventIds, cancellationToken);

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _retention.PurgeBeforeAsync(streamId, cutoff, cancellationToken);

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) =>
        _reader.FindVersionAtAsync(streamId, time, cancellationToken);

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) =>
        _reader.FindPositionAtAsync(time, window, cancellationToken);

    public async Task<long> GetEndPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await SqlitePositions.GetEndPositionAsync(connection, cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
