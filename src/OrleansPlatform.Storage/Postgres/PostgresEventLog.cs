using Npgsql;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// The event log on PostgreSQL: one facade over its appender, reader, retention and position parts. Positions are
/// described in <see cref="PostgresPositions"/>.
/// </summary>
public sealed class PostgresEventLog(NpgsqlDataSource dataSource) : IEventLog
{
    private readonly PostgresEventAppender _appender = new(dataSource);
    private readonly PostgresEventReader _reader = new(dataSource);
    private readonly PostgresRetention _retention = new(dataSource);
    private readonly PostgresPositions _positions = new(dataSource);

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

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) => _positions.GetEndPositionAsync(cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
