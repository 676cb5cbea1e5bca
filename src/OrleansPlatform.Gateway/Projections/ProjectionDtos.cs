using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.Projections;

/// <summary>Body of <c>PUT /api/v1/projections/{name}</c>; <c>fold</c> is <c>"mergePatch"</c> or <c>{"rules":[...]}</c>, <c>startFrom</c> a word or a position.</summary>
public sealed record PutProjectionBody(ProjectionSourceBody? Source, string? PartitionBy, RawJson? Fold, RawJson? StartFrom, string? OnError);

/// <summary>The events a projection reads.</summary>
public sealed record ProjectionSourceBody(string? StreamPrefix, IReadOnlyList<string>? Types);

/// <summary>A version's progress.</summary>
public sealed record ProjectionProgressDto(int Version, long Checkpoint, long Head, long LagEvents, double LagSeconds, long Parked, RawJson Definition)
{
    public static ProjectionProgressDto From(ProjectionProgress p, ProjectionDefinitionInfo info) =>
        new(p.Version, p.Checkpoint, p.Head, p.LagEvents, Math.Round(p.LagSeconds, 3), p.Parked, new RawJson(ProjectionDefinitionJson.Write(info.Definition)));
}

/// <summary>Where a projection halted.</summary>
public sealed record ProjectionHaltDto(int Version, long Position, string Error);

/// <summary>A projection as <c>GET /api/v1/projections/{name}</c> shows it: the serving version's progress at the top level.</summary>
public sealed record ProjectionResponse(
    string Name, int Version, string Status, long Checkpoint, long Head, long LagEvents, double LagSeconds, long Parked,
    ProjectionProgressDto? Building, bool Paused, ProjectionHaltDto? Halt, RawJson Definition, DateTimeOffset CreatedAt)
{
    public static ProjectionResponse From(ProjectionStatus s) => new(
        s.Info.Name, s.Serving.Version, s.Status, s.Serving.Checkpoint, s.Serving.Head, s.Serving.LagEvents, Math.Round(s.Serving.LagSeconds, 3), s.Serving.Parked,
        s.Building is { } b && s.Info.Building is { } bi ? ProjectionProgressDto.From(b, bi) : null,
        s.Info.Paused, s.Info.Halt is { } h ? new ProjectionHaltDto(h.Version, h.Position, h.Error) : null,
        new RawJson(ProjectionDefinitionJson.Write(s.Info.Serving.Definition)), s.Info.Serving.CreatedAt);
}

/// <summary>Every projection.</summary>
public sealed record ProjectionListResponse(IReadOnlyList<ProjectionResponse> Projections);

/// <summary>One document.</summary>
public sealed record ProjectionDocumentDto(string Id, long Version, long Position, RawJson Data)
{
    public static ProjectionDocumentDto From(ProjectionDocument d) => new(d.Id, d.Version, d.Position, new RawJson(d.Data));
}

/// <summary>A page of documents.</summary>
public sealed record ProjectionDocumentsResponse(IReadOnlyList<ProjectionDocumentDto> Documents, string? NextCursor);

/// <summary>A parked event.</summary>
public sealed record ParkedEventDto(int Version, long Position, Guid EventId, string StreamId, string Type, string? DocumentId, string Error, DateTimeOffset ParkedAt);

/// <summary>A projection's parked events, oldest first.</summary>
public sealed record ParkedEventsResponse(string Name, IReadOnlyList<ParkedEventDto> Parked);

/// <summary>A document at two points (null data and version when it did not exist) and the RFC 6902 patch between them.</summary>
public sealed record DocumentDiffResponse(
    string Id, long? FromVersion, long? FromPosition, long? ToVersion, long? ToPosition, RawJson? From, RawJson? To, RawJson Diff);

/// <summary>A document's what-if: <c>position</c> is the last event folded into the actual document.</summary>
public sealed record DocumentWhatIfResponse(string Id, long? Position, RawJson? Actual, RawJson? Hypothetical, RawJson Diff);
