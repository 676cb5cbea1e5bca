namespace OrleansPlatform.Contracts.Errors;

/// <summary>A named resource (topic, subscription, dead letter...) does not exist.</summary>
[GenerateSerializer, Alias("op.ResourceNotFoundException")]
public sealed class ResourceNotFoundException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public ResourceNotFoundException(string kind, string id) : base($"The {kind} '{id}' does not exist.")
    {
        Kind = kind;
        Id = id;
    }

    /// <summary>What was looked for, e.g. <c>topic</c>.</summary>
    [Id(0)] public string Kind { get; }

    /// <summary>Its id.</summary>
    [Id(1)] public string Id { get; }
}

/// <summary>The request contradicts the resource's current state (other than a stream version).</summary>
[GenerateSerializer, Alias("op.PlatformConflictException")]
public sealed class PlatformConflictException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public PlatformConflictException(string message) : base(message)
    {
    }
}

/// <summary>A rate limit is exhausted; retry after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("op.RateLimitedException")]
public sealed class RateLimitedException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public RateLimitedException(string scope, TimeSpan retryAfter) : base($"The rate limit of {scope} is exhausted; retry after {retryAfter.TotalSeconds:0.###} s.")
        => RetryAfter = retryAfter;

    /// <summary>How long to wait before trying again.</summary>
    [Id(0)] public TimeSpan RetryAfter { get; }
}

/// <summary>The requested offset was purged by the topic's retention.</summary>
[GenerateSerializer, Alias("op.bus.RetentionExceededException")]
public sealed class RetentionExceededException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public RetentionExceededException(string topic, int partition, long requested, long firstAvailable)
        : base($"Offset {requested} of {topic}/{partition} is past retention; the oldest retained offset is {firstAvailable}.")
        => FirstAvailableOffset = firstAvailable;

    /// <summary>The oldest offset still retained.</summary>
    [Id(0)] public long FirstAvailableOffset { get; }
}

/// <summary>Storage could not be reached or failed; the operation's outcome is unknown, so retry it idempotently.</summary>
[GenerateSerializer, Alias("op.StorageUnavailableException")]
public sealed class StorageUnavailableException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException(string reason) : base($"Storage is unavailable ({reason}); retry with the same event ids.")
    {
    }
}

/// <summary>
/// A write did not finish within its commit deadline: it may or may not have been kept. Retrying with the same event
/// ids is safe, because appends are idempotent by them (a repeat of a kept append returns the original result).
/// </summary>
[GenerateSerializer, Alias("op.CommitOutcomeUnknownException")]
public sealed class CommitOutcomeUnknownException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public CommitOutcomeUnknownException(TimeSpan deadline)
        : base($"The write did not complete within {deadline.TotalSeconds:0.###} s, so its outcome is unknown; retrying with the same event ids is safe.")
        => Deadline = deadline;

    /// <summary>How long the write was given before the caller was answered.</summary>
    [Id(0)] public TimeSpan Deadline { get; }
}
