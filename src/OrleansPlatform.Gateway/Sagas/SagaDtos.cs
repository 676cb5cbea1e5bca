using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Gateway.EventStore;

namespace OrleansPlatform.Gateway.Sagas;

/// <summary>Body of <c>POST /api/v1/sagas</c>.</summary>
public sealed record StartSagaBody(string? Definition, string? SagaId, RawJson? Input);

public sealed record SagaStatusResponse(string SagaId, string Status);

public sealed record SagaStepResponse(string Name, string Status, int Attempts, RawJson? Output, string? Error, int CompensationAttempts);

public sealed record SagaHistoryResponse(long Version, string Type, DateTimeOffset Timestamp, string? Step, string? Detail);

public sealed record SagaResponse(
    string SagaId, string Definition, int Version, string Status, RawJson Input, IReadOnlyList<SagaStepResponse> Steps,
    IReadOnlyList<SagaHistoryResponse> History, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Reason, string? FailedStep)
{
    public static SagaResponse From(SagaView v) => new(
        v.SagaId, v.Definition, v.Version, SagaDefinitionResponse.Camel(v.Status), new RawJson(v.Input),
        v.Steps.Select(s => new SagaStepResponse(s.Name, SagaDefinitionResponse.Camel(s.Status), s.Attempts, s.Output is null ? null : new RawJson(s.Output), s.Error, s.CompensationAttempts)).ToList(),
        v.History.Select(h => new SagaHistoryResponse(h.Version, h.Type, h.Timestamp, h.Step, h.Detail)).ToList(),
        v.StartedAt, v.EndedAt, v.Reason, v.FailedStep);
}

public sealed record SagaSummaryResponse(string SagaId, string Definition, int Version, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Reason, string? FailedStep)
{
    public static SagaSummaryResponse From(SagaSummary s) =>
        new(s.SagaId, s.Definition, s.Version, SagaDefinitionResponse.Camel(s.Status), s.StartedAt, s.EndedAt, s.Reason, s.FailedStep);
}

public sealed record SagaListResponse(IReadOnlyList<SagaSummaryResponse> Sagas, string? NextCursor);

public sealed record SagaStatisticsResponse(
    long Total, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ByDefinition,
    double SuccessRate, double CompensationRate, double? DurationP50Ms, double? DurationP99Ms)
{
    public static SagaStatisticsResponse From(SagaStatistics s) => new(
        s.Total, s.ByStatus.ToDictionary(x => SagaDefinitionResponse.Camel(x.Key), x => x.Value),
        s.ByDefinition.ToDictionary(d => d.Key, d => (IReadOnlyDictionary<string, long>)d.Value.ToDictionary(x => SagaDefinitionResponse.Camel(x.Key), x => x.Value)),
        s.SuccessRate, s.CompensationRate, s.DurationP50Ms, s.DurationP99Ms);
}
