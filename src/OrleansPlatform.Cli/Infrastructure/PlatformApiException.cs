namespace OrleansPlatform.Cli;

/// <summary>A non-success answer of the platform, reduced to its ProblemDetails title and detail.</summary>
internal sealed class PlatformApiException(int status, string title, string? detail) : Exception(detail is null ? title : $"{title}: {detail}")
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;
}

/// <summary>A usage problem found before any request (bad JSON argument, missing file).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
