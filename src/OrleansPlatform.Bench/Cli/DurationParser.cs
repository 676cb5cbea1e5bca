using System.Globalization;
using System.CommandLine.Parsing;

namespace OrleansPlatform.Bench.Cli;

/// <summary>
/// Parses the short durations people type on a command line (<c>20s</c>, <c>500ms</c>, <c>2m</c>, or plain seconds),
/// because System.CommandLine only understands the <c>hh:mm:ss</c> form of <see cref="TimeSpan"/>.
/// </summary>
internal static class DurationParser
{
    /// <summary>A duration of zero or more (a warm-up may be skipped).</summary>
    public static TimeSpan Parse(ArgumentResult result) => Parse(result, allowZero: true);

    /// <summary>A duration above zero (a measured window cannot be empty).</summary>
    public static TimeSpan ParsePositive(ArgumentResult result) => Parse(result, allowZero: false);

    // Range checks live here rather than in option validators: a validator that reads a value whose parse failed
    // throws instead of reporting, so the parser is the one place that can reject bad input cleanly.
    private static TimeSpan Parse(ArgumentResult result, bool allowZero)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
        {
            return value;
        }

        result.AddError($"'{text}' is not a {(allowZero ? "" : "positive ")}duration; use e.g. 500ms, 20s, 2m or 00:00:20.");
        return TimeSpan.Zero;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        var (number, unit) = Split(text.Trim());
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? parsed = unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "" or "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => null,
            };
            if (parsed is { } ok)
            {
                value = ok;
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static (string Number, string Unit) Split(string text)
    {
        var end = text.Length;
        while (end > 0 && char.IsAsciiLetter(text[end - 1]))
        {
            end--;
        }

        return (text[..end], text[end..].ToLowerInvariant());
    }
}
