namespace OrleansPlatform.Admin.Api;

/// <summary>Builds API paths and UI links with every caller-supplied segment and value escaped.</summary>
public static class Paths
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Stream(string streamId) => "api/v1/streams/" + Segment(streamId);

    public static string StreamPage(string streamId) => "admin/streams/" + Segment(streamId);

    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));

    /// <summary>A version (digits) or an RFC 3339 time, as the API's <c>from</c>/<c>to</c> and state routes take them.</summary>
    public static bool IsVersion(string point) => point.Length > 0 && point.All(char.IsAsciiDigit);
}
