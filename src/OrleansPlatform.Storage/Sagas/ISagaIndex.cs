using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Storage.Sagas;

/// <summary>One saga as the read model keeps it (<c>platform_sagas</c>): what lists and statistics need.</summary>
/// <param name="SagaId">The saga.</param>
/// <param name="Definition">Its definition's name.</param>
/// <param name="DefinitionVersion">The definition version it runs on.</param>
/// <param name="Status">Its status, camelCase (<c>running</c>, <c>completed</c>...).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished, if it did.</param>
/// <param name="JournalVersion">The saga journal's version this entry reflects; an older one never overwrites a newer.</param>
/// <param name="Compensated">Whether compensation ran.</param>
/// <param name="Reason">Why it stopped short, if it did.</param>
/// <param name="FailedStep">The step that failed, if one did.</param>
public sealed record SagaIndexEntry(
    string SagaId, string Definition, int DefinitionVersion, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    long JournalVersion, bool Compensated, string? Reason, string? FailedStep);

/// <summary>A filtered page request, newest first.</summary>
public sealed record SagaQuery(IReadOnlyList<string>? Statuses, string? Definition, DateTimeOffset? From, DateTimeOffset? To, int Limit, string? Cursor);

/// <summary>A page of sagas and the cursor of the next one (null at the end).</summary>
public sealed record SagaPage(IReadOnlyList<SagaIndexEntry> Sagas, string? NextCursor);

/// <summary>Which sagas statistics cover: one definition's or all, started in [<paramref name="From"/>, <paramref name="To"/>).</summary>
public sealed record SagaStatisticsFilter(string? Definition = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>The saga read model: upserted by saga grains after each status change, queried by the management API.</summary>
public interface ISagaIndex
{
    /// <summary>Records <paramref name="entry"/> unless a newer journal version is already recorded.</summary>
    Task UpsertAsync(SagaIndexEntry entry, CancellationToken cancellationToken);

    /// <summary>Records several sagas (at most one entry per saga) in one round trip, each unless a newer journal version is recorded.</summary>
    Task UpsertManyAsync(IReadOnlyList<SagaIndexEntry> entries, CancellationToken cancellationToken);

    /// <summary>Sagas matching <paramref name="query"/>, newest start first.</summary>
    Task<SagaPage> QueryAsync(SagaQuery query, CancellationToken cancellationToken);

    /// <summary>Counts, rates and duration percentiles, computed by the database.</summary>
    Task<SagaStatistics> StatisticsAsync(SagaStatisticsFilter filter, CancellationToken cancellationToken);
}
