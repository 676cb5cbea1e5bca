namespace OrleansPlatform.Contracts.Operations;

/// <summary>
/// Lists what exists by id prefix (user streams, topics, subscriptions), for operators' browsers: pages in ordinal
/// order, computed where storage is.
/// </summary>
[Alias("op.ops.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Up to <paramref name="limit"/> ids of user streams starting with <paramref name="prefix"/>, after
    /// <paramref name="after"/> in ordinal order; system streams (<c>$</c>...) never appear.
    /// </summary>
    [Alias("ListStreams")]
    Task<IReadOnlyList<string>> ListStreamsAsync(string prefix, string? after, int limit);

    /// <summary>Up to <paramref name="limit"/> topic names after <paramref name="after"/>, in ordinal order.</summary>
    [Alias("ListTopics")]
    Task<IReadOnlyList<string>> ListTopicsAsync(string? after, int limit);

    /// <summary>Up to <paramref name="limit"/> subscription names after <paramref name="after"/>, in ordinal order.</summary>
    [Alias("ListSubscriptions")]
    Task<IReadOnlyList<string>> ListSubscriptionsAsync(string? after, int limit);
}
