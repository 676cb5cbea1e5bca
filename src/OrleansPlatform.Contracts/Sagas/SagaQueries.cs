namespace OrleansPlatform.Contracts.Sagas;

/// <summary>Which sagas to list, newest start first.</summary>
/// <param name="Statuses">Only these statuses; null or empty: all.</param>
/// <param name="Definition">Only sagas of this definition.</param>
/// <param name="From">Only sagas started at or after this time.</param>
/// <param name="To">Only sagas started before this time.</param>
/// <param name="Limit">Page size, 1 to 1000.</param>
/// <param name="Cursor">The <see cref="SagaList.NextCursor"/> of the previous page.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaListQuery")]
public sealed record SagaListQuery(
    [property: Id(0)] IReadOnlyList<SagaStatus>? Statuses = null,
    [property: Id(1)] string? Definition = null,
    [property: Id(2)] DateTimeOffset? From = null,
    [property: Id(3)] DateTimeOffset? To = null,
    [property: Id(4)] int Limit = 100,
    [property: Id(5)] string? Cursor = null);

/// <summary>A saga in a list.</summary>
/// <param name="SagaId">Its id.</param>
/// <param name="Definition">Its definition.</param>
/// <param name="Version">The definition version it runs on.</param>
/// <param name="Status">Its status (as of its last status change).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished, if it did.</param>
/// <param name="Reason">Why it stopped short, if it did.</param>
/// <param name="FailedStep">The step that failed, if one did.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaSummary")]
public sealed record SagaSummary(
    [property: Id(0)] string SagaId,
    [property: Id(1)] string Definition,
    [property: Id(2)] int Version,
    [property: Id(3)] SagaStatus Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? EndedAt,
    [property: Id(6)] string? Reason,
    [property: Id(7)] string? FailedStep);

/// <summary>A page of sagas.</summary>
/// <param name="Sagas">The sagas.</param>
/// <param name="NextCursor">Where the next page starts; null at the end.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaList")]
public sealed record SagaList(
    [property: Id(0)] IReadOnlyList<SagaSummary> Sagas,
    [property: Id(1)] string? NextCursor);

/// <summary>Saga statistics over every saga (or one definition's).</summary>
/// <param name="Total">Sagas started.</param>
/// <param name="ByStatus">Count per status.</param>
/// <param name="ByDefinition">Count per status, per definition.</param>
/// <param name="SuccessRate">Completed / finished (0 when none finished).</param>
/// <param name="CompensationRate">Finished sagas that ran compensation / finished.</param>
/// <param name="DurationP50Ms">Median start-to-finish time of finished sagas, ms, a continuous percentile (null when none).</param>
/// <param name="DurationP99Ms">99th percentile start-to-finish time, ms, interpolated likewise (null when none).</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaStatistics")]
public sealed record SagaStatistics(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyDictionary<SagaStatus, long> ByStatus,
    [property: Id(2)] IReadOnlyDictionary<string, IReadOnlyDictionary<SagaStatus, long>> ByDefinition,
    [property: Id(3)] double SuccessRate,
    [property: Id(4)] double CompensationRate,
    [property: Id(5)] double? DurationP50Ms,
    [property: Id(6)] double? DurationP99Ms);

/// <summary>Lists and statistics of sagas, from the saga read model.</summary>
[Alias("op.sagas.ISagaQueryGrain")]
public interface ISagaQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of sagas matching <paramref name="query"/>.</summary>
    /// <exception cref="Errors.PlatformValidationException">The limit or cursor is invalid.</exception>
    [Alias("List")]
    Task<SagaList> ListAsync(SagaListQuery query);

    /// <summary>
    /// Statistics of the sagas started in [<paramref name="from"/>, <paramref name="to"/>) (each bound optional), of one
    /// definition when <paramref name="definition"/> is given; the database computes counts and percentiles.
    /// </summary>
    [Alias("Statistics")]
    Task<SagaStatistics> StatisticsAsync(string? definition = null, DateTimeOffset? from = null, DateTimeOffset? to = null);
}
