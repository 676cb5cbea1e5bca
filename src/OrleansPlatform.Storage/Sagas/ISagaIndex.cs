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

/// <summary>Counts per (definition, status) and the durations of finished sagas, in milliseconds.</summary>
public sealed record SagaCounts(IReadOnlyList<(string Definition, string Status, long Count, long Compensated)> Counts, IReadOnlyList<double> DurationsMs);

/// <summary>The saga read model: upserted by saga grains after each status change, queried by the management API.</summary>
public interface ISagaIndex
{
    /// <summary>Records <paramref name="entry"/> unless a newer journal version is already recorded.</summary>
    Task UpsertAsync(SagaIndexEntry entry, CancellationToken cancellationToken);

    /// <summary>Sagas matching <paramref name="query"/>, newest start first.</summary>
    Task<SagaPage> QueryAsync(SagaQuery query, CancellationToken cancellationToken);

    /// <summary>Counts and durations for statistics, optionally of one definition.</summary>
    Task<SagaCounts> CountAsync(string? definition, CancellationToken cancellationToken);
}

/// <summary>Keyset cursors over (started_at, saga_id): stable under inserts, unlike offsets.</summary>
public static class SagaCursor
{
    public static string Encode(DateTimeOffset startedAt, string sagaId) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{startedAt.ToUnixTimeMilliseconds()}|{sagaId}"));

    public static (long StartedAtMs, string SagaId)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text[..bar], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? (ms, text[(bar + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
