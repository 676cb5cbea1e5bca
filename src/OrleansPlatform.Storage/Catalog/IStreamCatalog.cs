namespace OrleansPlatform.Storage.Catalog;

/// <summary>
/// Which streams exist, found by id prefix (user streams, or a kind of system stream such as <c>$topic-def:</c>),
/// and where the log's head is: what operators' overviews and stream browsers need, none of it on a hot path.
/// </summary>
public interface IStreamCatalog
{
    /// <summary>The database behind it: <c>postgres</c> or <c>sqlite</c>.</summary>
    string StorageKind { get; }

    /// <summary>How many streams have an id starting with <paramref name="prefix"/> (every stream for "").</summary>
    Task<long> CountAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> ids starting with <paramref name="prefix"/>, in ordinal order, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The highest position written so far, or null while the log is empty.</summary>
    Task<long?> GetHeadPositionAsync(CancellationToken cancellationToken);
}
