using OrleansPlatform.Bench.Load;

namespace OrleansPlatform.Bench;

/// <summary>Exit codes scripts can act on: a run that finished but had failures is not a success.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int CompletedWithErrors = 3;

    public static int For(LoadResult result) => result.Errors.Total == 0 ? Success : CompletedWithErrors;
}
