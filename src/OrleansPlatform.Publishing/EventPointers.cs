using System.Globalization;
using System.Text.RegularExpressions;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Publishing;

/// <summary>Validation errors keyed by JSON pointers into an events list (<c>/events/{i}/...</c>), renumbered or re-rooted.</summary>
public static partial class EventPointers
{
    /// <summary>The same errors with each <c>/events/{i}</c> turned into <c>/events/{index(i)}</c>.</summary>
    public static PlatformValidationException Renumber(PlatformValidationException invalid, Func<int, int> index) =>
        new(invalid.Errors.ToDictionary(
            e => EventPointer().Match(e.Key) is { Success: true } m
                ? $"/events/{index(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)}{m.Groups[2].Value}"
                : e.Key,
            e => e.Value));

    /// <summary>The same errors with <c>/events/0</c> removed: for a request that carried one event as the body itself.</summary>
    public static PlatformValidationException AsSingleEvent(PlatformValidationException invalid) =>
        new(invalid.Errors.ToDictionary(e => e.Key.StartsWith("/events/0/", StringComparison.Ordinal) ? e.Key["/events/0".Length..] : e.Key, e => e.Value));

    [GeneratedRegex(@"^/events/(\d+)(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EventPointer();
}
