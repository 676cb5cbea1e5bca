using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.TimeTravel;
using OrleansPlatform.Grains.EventStore;
using OrleansPlatform.Grains.Snapshots;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.TimeTravel;

/// <summary>Reads only; states come from the event reader so every fold (and its snapshots) is the same one.</summary>
[StatelessWorker]
public sealed class TimeTravelGrain(IEventLog log, StreamStates states, IOptions<FeedOptions> feed) : Grain, ITimeTravelGrain
{
    private IEventReaderGrain Reader => GrainFactory.GetGrain<IEventReaderGrain>(0);

    public async Task<StreamDiff> DiffAsync(string streamId, StreamPoint from, StreamPoint to)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        EnsureValid(from, "from");
        EnsureValid(to, "to");
        var a = await Reader.GetStateAsync(streamId, from.Version, from.Version is null ? from.Time : null);
        var b = await Reader.GetStateAsync(streamId, to.Version, to.Version is null ? to.Time : null);
        var diff = JsonPatchDiff.Diff(JsonNode.Parse(a.State), JsonNode.Parse(b.State));
        return new StreamDiff(streamId, a.Version, a.State, b.Version, b.State, diff.ToJsonString());
    }

    public async Task<WhatIfResult> WhatIfAsync(string streamId, WhatIfRequest request)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        EnsureValid(request.At, "at");
        for (var i = 0; i < request.Append.Count; i++)
        {
            EnsureValid(request.Append[i], $"append[{i}]");
        }

        var actual = await Reader.GetStateAsync(streamId, request.At.Version, request.At.Version is null ? request.At.Time : null);
        var without = request.Without.ToHashSet();
        var removed = without.Count == 0 ? [] : await log.FindByEventIdsAsync(streamId, without, CancellationToken.None);
        for (var i = 0; i < request.Without.Count; i++)
        {
            if (!removed.Any(e => e.EventId == request.Without[i] && e.Version <= actual.Version))
            {
                throw new PlatformValidationException($"without[{i}]", $"Event {request.Without[i]} is not in the stream up to version {actual.Version}.");
            }
        }

        // A snapshot may serve only if it is older than the first event left out: later ones have it folded in.
        var hypothetical = removed.Count == 0
            ? JsonNode.Parse(actual.State)!.AsObject()
            : (await states.FoldAsync(streamId, actual.Version, null, removed.Min(e => e.Version) - 1, without)).State;
        foreach (var e in request.Append)
        {
            JsonMergePatch.Apply(hypothetical, JsonNode.Parse(e.Data));
        }

        var diff = JsonPatchDiff.Diff(JsonNode.Parse(actual.State), hypothetical);
        return new WhatIfResult(streamId, actual.Version, actual.State, hypothetical.ToJsonString(), diff.ToJsonString());
    }

    public Task<AllEventsSlice> ReadAllFromTimeAsync(ReadAllRequest request, DateTimeOffset fromTime) =>
        FeedFromTime.ReadAsync(log, request, fromTime, feed.Value.MaxClockSkew);

    private static void EnsureValid(StreamPoint point, string field)
    {
        switch (point)
        {
            case null or { Version: null, Time: null }:
                throw new PlatformValidationException(field, "Give a version or a time.");
            case { Version: < 0 }:
                throw new PlatformValidationException(field, "A version is 0 or more.");
        }
    }

    private static void EnsureValid(HypotheticalEvent e, string field)
    {
        if (string.IsNullOrWhiteSpace(e?.Type))
        {
            throw new PlatformValidationException(field + ".type", "An event needs a type.");
        }

        JsonNode? data;
        try
        {
            data = JsonNode.Parse(e.Data);
        }
        catch (System.Text.Json.JsonException)
        {
            data = null;
        }

        if (data is not JsonObject)
        {
            throw new PlatformValidationException(field + ".data", "Event data is a JSON object.");
        }
    }
}
