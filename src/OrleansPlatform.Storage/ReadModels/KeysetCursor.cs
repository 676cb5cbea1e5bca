using System.Globalization;
using System.Text;

namespace OrleansPlatform.Storage.ReadModels;

/// <summary>
/// Opaque keyset cursors over (time, id), newest first: stable under inserts, unlike offsets. The time keeps
/// microseconds, PostgreSQL's precision: a cursor cut to milliseconds would skip the rows between the cut and the
/// page's last row.
/// </summary>
public static class KeysetCursor
{
    private const string Prefix = "u";

    public static string Encode(DateTimeOffset at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Prefix}{(at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond}|{id}"));

    /// <summary>The cursor's position, or null when it is not a cursor this API returned.</summary>
    public static (DateTimeOffset At, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > Prefix.Length && text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text[Prefix.Length..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)
                && micros is >= 0 and < 253_402_300_800_000_000L
                ? (DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
