using System.Globalization;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Gateway.Registry;

/// <summary>Parses the <c>wait</c> of a blocking read: <c>500ms</c>, <c>30s</c>, <c>5m</c>, or a TimeSpan such as <c>00:00:30</c>.</summary>
internal static class WaitParameter
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    public static TimeSpan Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Default;
        }

        TimeSpan? wait = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) => TimeSpan.FromMilliseconds(ms),
            _ when text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => TimeSpan.FromSeconds(s),
            _ when text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => TimeSpan.FromMinutes(m),
            _ when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
            _ => null,
        };
        return wait is { } w && w >= TimeSpan.Zero && w <= Max
            ? w
            : throw new PlatformValidationException("wait", $"wait is a duration such as 30s, 500ms or 00:00:30, at most {Max.TotalMinutes:0} minutes.");
    }
}
