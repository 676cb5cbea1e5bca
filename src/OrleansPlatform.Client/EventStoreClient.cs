using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Contracts.TimeTravel;

namespace OrleansPlatform.Client;

/// <summary><see cref="IEventStore"/> over grain calls; validates locally so bad input never leaves the process.</summary>
internal sealed class EventStoreClient(IClusterClient cluster, IOptions<OrleansPlatformClientOptions> options, TimeProvider time) : IEventStore
{
    private const int SubscriptionPageSize = 500;

    private IEventReaderGrain Reader => cluster.GetGrain<IEventReaderGrain>(0);

    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        var request = new AppendRequest(expectedVersion, events);
        // The server's size limit is configurable; the client checks everything but size, which the grain enforces.
        EventStoreRules.EnsureValidAppend(streamId, request, int.MaxValue);
        return cluster.GetGrain<IEventStreamGrain>(streamId).AppendAsync(request).WaitAsync(cancellationToken);
    }

    public Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion = 1, int limit = 100, ReadDirection direction = ReadDirection.Forward, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return Reader.ReadStreamAsync(streamId, fromVersion, limit, direction).WaitAsync(cancellationToken);
    }

    public Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion = 1, int limit = 100, ReadDirection direction = ReadDirection.Forward, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return Reader.ReadStreamRawAsync(streamId, fromVersion, limit, direction).WaitAsync(cancellationToken);
    }

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken = default) =>
        Reader.ReadAllAsync(request).WaitAsync(cancellationToken);

    public Task<AllEventsSlice> ReadAllFromTimeAsync(ReadAllRequest request, DateTimeOffset fromTime, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ITimeTravelGrain>(0).ReadAllFromTimeAsync(request, fromTime).WaitAsync(cancellationToken);

    public Task SetStreamMetadataAsync(string streamId, StreamMetadata metadata, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var errors = metadata.Validate();
        if (errors.Count > 0)
        {
            throw new Contracts.Errors.PlatformValidationException(errors);
        }

        return cluster.GetGrain<IStreamRetentionGrain>(0).SetMetadataAsync(streamId, metadata).WaitAsync(cancellationToken);
    }

    public Task DeleteStreamAsync(string streamId, bool hard = false, ExpectedVersion? expected = null, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return cluster.GetGrain<IEventStreamGrain>(streamId).DeleteAsync(expected ?? ExpectedVersion.Any, hard).WaitAsync(cancellationToken);
    }

    public Task<StreamMetadata> GetStreamMetadataAsync(string streamId, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return cluster.GetGrain<IStreamRetentionGrain>(0).GetMetadataAsync(streamId).WaitAsync(cancellationToken);
    }

    public Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return cluster.GetGrain<IEventStreamGrain>(streamId).GetInfoAsync().WaitAsync(cancellationToken);
    }

    public Task<StreamStateView> GetStateAsync(string streamId, long? version = null, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return Reader.GetStateAsync(streamId, version, at).WaitAsync(cancellationToken);
    }

    public Task<StreamDiff> DiffAsync(string streamId, StreamPoint from, StreamPoint to, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return cluster.GetGrain<ITimeTravelGrain>(0).DiffAsync(streamId, from, to).WaitAsync(cancellationToken);
    }

    public Task<WhatIfResult> WhatIfAsync(string streamId, WhatIfRequest request, CancellationToken cancellationToken = default)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return cluster.GetGrain<ITimeTravelGrain>(0).WhatIfAsync(streamId, request).WaitAsync(cancellationToken);
    }

    public async Task SubscribeToAllAsync(
        long fromPosition,
        Func<RecordedEvent, CancellationToken, Task> handler,
        Func<long, CancellationToken, Task>? checkpoint = null,
        IReadOnlyList<string>? types = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await FollowAllAsync(new ReadAllRequest(fromPosition, SubscriptionPageSize, types), handler, checkpoint, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling is how a subscriber stops: not an error.
        }
    }

    public async Task SubscribeToAllFromTimeAsync(
        DateTimeOffset fromTime,
        Func<RecordedEvent, CancellationToken, Task> handler,
        Func<long, CancellationToken, Task>? checkpoint = null,
        IReadOnlyList<string>? types = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await FollowAllAsync(new ReadAllRequest(0, SubscriptionPageSize, types), handler, checkpoint, fromTime, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling is how a subscriber stops: not an error.
        }
    }

    private async Task FollowAllAsync(
        ReadAllRequest request,
        Func<RecordedEvent, CancellationToken, Task> handler,
        Func<long, CancellationToken, Task>? checkpoint,
        DateTimeOffset? fromTime,
        CancellationToken cancellationToken)
    {
        // The first page finds where the time starts through the index; later pages follow positions.
        var findStart = fromTime is not null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var slice = findStart
                ? await ReadAllFromTimeAsync(request, fromTime!.Value, cancellationToken)
                : await Reader.ReadAllAsync(request).WaitAsync(cancellationToken);
            findStart = false;
            foreach (var e in fromTime is { } from ? slice.Events.Where(e => e.Timestamp >= from) : slice.Events)
            {
                await handler(e, cancellationToken);
            }

            if (slice.NextPosition != request.FromPosition && checkpoint is not null)
            {
                await checkpoint(slice.NextPosition, cancellationToken);
            }

            request = request with { FromPosition = slice.NextPosition };
            if (slice.Events.Count == 0)
            {
                await Task.Delay(options.Value.SubscriptionPollInterval, time, cancellationToken);
            }
        }
    }
}
