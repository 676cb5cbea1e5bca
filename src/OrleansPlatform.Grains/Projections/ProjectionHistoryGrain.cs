using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Contracts.TimeTravel;
using OrleansPlatform.Grains.TimeTravel;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Reads only: a document's past is refolded from the feed with the serving version's own fold (see <see cref="DocumentHistory"/>).</summary>
[StatelessWorker, Reentrant]
internal sealed class ProjectionHistoryGrain(
    IEventLog log, CodeProjections code, TimeProvider time, IOptions<ProjectionOptions> options, IOptions<FeedOptions> feed) : Grain, IProjectionHistoryGrain
{
    public async Task<ProjectionDocument?> GetDocumentAtAsync(string name, string id, FeedPoint at)
    {
        // Named as the HTTP read names it: ?position=N or ?at=<time>.
        var field = at?.Position is null ? "at" : "position";
        EnsureValid(at!, field);
        var history = await HistoryAsync(name);
        return await history.FoldAsync(id, await history.EventsAsync(id, at!, field, CancellationToken.None), time.GetUtcNow());
    }

    public async Task<DocumentDiff> DiffAsync(string name, string id, FeedPoint from, FeedPoint to)
    {
        EnsureValid(from, "from");
        EnsureValid(to, "to");
        var history = await HistoryAsync(name);
        var a = await history.FoldAsync(id, await history.EventsAsync(id, from, "from", CancellationToken.None), time.GetUtcNow());
        var b = await history.FoldAsync(id, await history.EventsAsync(id, to, "to", CancellationToken.None), time.GetUtcNow());
        return new DocumentDiff(id, a, b, Diff(a, b));
    }

    public async Task<DocumentWhatIfResult> WhatIfAsync(string name, string id, DocumentWhatIfRequest request)
    {
        EnsureValid(request.At, "at");
        var info = await ServingAsync(name);
        var history = History(info);
        var events = await history.EventsAsync(id, request.At, "at", CancellationToken.None);
        var now = time.GetUtcNow();
        var actual = await history.FoldAsync(id, events, now);
        for (var i = 0; i < request.Without.Count; i++)
        {
            if (!events.Any(e => e.EventId == request.Without[i]))
            {
                throw new PlatformValidationException($"without[{i}]", $"Event {request.Without[i]} is not folded into document '{id}' up to that point.");
            }
        }

        var without = request.Without.ToHashSet();
        var hypothetical = without.Count == 0 ? actual : await history.FoldAsync(id, events.Where(e => !without.Contains(e.EventId)).ToList(), now);
        hypothetical = AppendHypothetical(info, id, hypothetical, events.LastOrDefault()?.StreamId ?? id, request.Append, now);
        return new DocumentWhatIfResult(id, actual, hypothetical, Diff(actual, hypothetical));
    }

    /// <summary>
    /// Folds the hypothetical events on top, as the partition would if they belonged to this document (their key is
    /// not read). They have no id, version or position (0) and are stamped now.
    /// </summary>
    private ProjectionDocument? AppendHypothetical(
        ProjectionDefinitionInfo info, string id, ProjectionDocument? document, string streamId, IReadOnlyList<HypotheticalEvent> append, DateTimeOffset now)
    {
        var fold = code.For(info.Definition);
        var current = document is null ? null : JsonNode.Parse(document.Data)!.AsObject();
        var (version, position) = (document?.Version ?? 0, document?.Position ?? 0);
        for (var i = 0; i < append.Count; i++)
        {
            var e = append[i];
            EnsureValid(e, $"append[{i}]");
            if (info.Definition.Source.Types is { Count: > 0 } types && !types.Any(t => ProjectionFolder.TypeMatches(t, e.Type)))
            {
                throw new PlatformValidationException($"append[{i}].type", $"Projection '{info.Name}' does not read events of type '{e.Type}'.");
            }

            var recorded = new RecordedEvent(Guid.Empty, streamId, 0, 0, e.Type, e.Data, null, null, null, now);
            try
            {
                current = fold is null
                    ? ProjectionFolder.Apply(info.Definition, current, ProjectionFolder.EventNode(recorded))
                    : fold.Apply(current, recorded);
            }
            catch (Exception ex) when (ex is ProjectionRuleException or InvalidOperationException or FormatException or OverflowException)
            {
                throw new PlatformValidationException($"append[{i}]", $"The projection cannot apply this event: {ex.Message}");
            }

            version = current is null ? 0 : version + 1;
        }

        return current is null ? null : new ProjectionDocument(id, version, position, current.ToJsonString());
    }

    private async Task<DocumentHistory> HistoryAsync(string name) => History(await ServingAsync(name));

    private DocumentHistory History(ProjectionDefinitionInfo info) =>
        new(log, info, code.For(info.Definition), options.Value.HistoryMaxEvents, feed.Value.MaxClockSkew);

    private async Task<ProjectionDefinitionInfo> ServingAsync(string name) =>
        (await GrainFactory.GetGrain<IProjectionGrain>(name).GetAsync() ?? throw new ResourceNotFoundException("projection", name)).Serving;

    private static string Diff(ProjectionDocument? a, ProjectionDocument? b) =>
        JsonPatchDiff.Diff(a is null ? null : JsonNode.Parse(a.Data), b is null ? null : JsonNode.Parse(b.Data)).ToJsonString();

    private static void EnsureValid(FeedPoint point, string field)
    {
        switch (point)
        {
            case null or { Position: null, Time: null }:
                throw new PlatformValidationException(field, "Give a global position or a time.");
            case { Position: < 0 }:
                throw new PlatformValidationException(field, "A position is 0 or more.");
        }
    }

    private static void EnsureValid(HypotheticalEvent e, string field)
    {
        if (string.IsNullOrWhiteSpace(e?.Type))
        {
            throw new PlatformValidationException(field + ".type", "An event needs a type.");
        }

        if ((Parse(e.Data) as JsonObject) is null)
        {
            throw new PlatformValidationException(field + ".data", "Event data is a JSON object.");
        }
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
