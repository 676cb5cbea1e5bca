namespace OrleansPlatform.Storage.Catalog;

/// <summary>
/// A prefix as a half-open range of ids in ordinal order, [prefix, upper): both databases answer it from an index,
/// where a LIKE with a parameter would make PostgreSQL's generic plans scan.
/// </summary>
internal readonly record struct StreamIdRange(string Lower, string? Upper)
{
    public static StreamIdRange Of(string prefix)
    {
        if (prefix.Length == 0)
        {
            return new StreamIdRange("", null);
        }

        // The last character moved up by one bounds every id that starts with the prefix (ids are ASCII, api.md).
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return new StreamIdRange(prefix, upper);
    }
}
