namespace OrleansPlatform.Cli;

/// <summary>The tool's exit codes, so scripts can tell a bad request from a broken or absent server.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad usage: unknown command or option, unreadable file, invalid JSON argument.</summary>
    public const int Usage = 1;

    /// <summary>The platform answered 4xx (validation, not found, conflict, unauthorized, rate limited).</summary>
    public const int ClientError = 2;

    /// <summary>The platform answered 5xx (including 503 not ready).</summary>
    public const int ServerError = 3;

    /// <summary>No answer: connection refused, DNS failure or timeout.</summary>
    public const int Unreachable = 4;

    /// <summary>The request succeeded but reported a negative result (for example a stream whose checksum chain is broken).</summary>
    public const int Failed = 5;

    public static int ForStatus(int status) => status >= 500 ? ServerError : ClientError;
}
