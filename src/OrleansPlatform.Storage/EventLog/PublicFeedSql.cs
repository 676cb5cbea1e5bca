using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// <see cref="EventStoreRules.IsInPublicFeed"/> as a SQL predicate on <c>stream_id</c>, shared by the PostgreSQL and
/// SQLite readers (both know <c>substr(text, start, count)</c>).
/// </summary>
internal static class PublicFeedSql
{
    /// <summary>
    /// True for user streams and audited system journals. The feed already walks the position index, so this is only
    /// a few fixed-length prefix comparisons per scanned row; the first one decides for every user stream.
    /// </summary>
    public static readonly string Predicate = Build();

    private static string Build()
    {
        var audited = EventStoreRules.AuditedSystemStreamPrefixes.Select(prefix =>
        {
            // The prefixes are constants inlined as literals: a quote would break the statement, so refuse it here.
            if (prefix.Contains('\'', StringComparison.Ordinal) || !prefix.StartsWith('$'))
            {
                throw new InvalidOperationException($"Audited stream prefix '{prefix}' must start with '$' and contain no quote.");
            }

            return $" OR substr(stream_id, 1, {prefix.Length}) = '{prefix}'";
        });
        return $"(substr(stream_id, 1, 1) <> '$'{string.Concat(audited)})";
    }
}
