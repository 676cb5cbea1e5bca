namespace OrleansPlatform.Contracts.Errors;

/// <summary>Base of every error the platform reports on purpose; anything else is a fault.</summary>
[GenerateSerializer, Alias("op.PlatformException")]
public abstract class PlatformException : Exception
{
    /// <summary>Creates the exception with a human-readable message.</summary>
    protected PlatformException(string message) : base(message)
    {
    }
}

/// <summary>The stream's version did not satisfy the append's expected version.</summary>
[GenerateSerializer, Alias("op.es.WrongExpectedVersionException")]
public sealed class WrongExpectedVersionException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public WrongExpectedVersionException(string streamId, EventStore.ExpectedVersion expected, long actualVersion)
        : base($"Stream '{streamId}' is at version {actualVersion}, but the append expected {expected}.")
    {
        StreamId = streamId;
        Expected = expected;
        ExpectedVersion = expected.ToString();
        ActualVersion = actualVersion;
    }

    /// <summary>The stream appended to.</summary>
    [Id(0)] public string StreamId { get; }

    /// <summary>The expected version as the caller sent it: a number, <c>any</c> or <c>exists</c>.</summary>
    [Id(1)] public string ExpectedVersion { get; }

    /// <summary>The stream's version when the append was checked.</summary>
    [Id(2)] public long ActualVersion { get; }

    /// <summary>
    /// The expected version as a value: <see cref="EventStore.ExpectedVersion.IsExact"/> tells a concrete version from
    /// <see cref="EventStore.ExpectedVersion.Any"/> and <see cref="EventStore.ExpectedVersion.StreamExists"/>.
    /// </summary>
    [Id(3)] public EventStore.ExpectedVersion Expected { get; }
}

/// <summary>The stream has never had an event.</summary>
[GenerateSerializer, Alias("op.es.StreamNotFoundException")]
public sealed class StreamNotFoundException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public StreamNotFoundException(string streamId) : base($"Stream '{streamId}' does not exist.") => StreamId = streamId;

    /// <summary>The stream that was looked for.</summary>
    [Id(0)] public string StreamId { get; }
}

/// <summary>The request was malformed; nothing was written.</summary>
[GenerateSerializer, Alias("op.ValidationException")]
public sealed class PlatformValidationException : PlatformException
{
    /// <summary>Creates the exception from field errors.</summary>
    public PlatformValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
        => Errors = errors;

    /// <summary>Creates the exception for one field.</summary>
    public PlatformValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    /// <summary>Error messages per field.</summary>
    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>An event is larger than the configured maximum; nothing was written.</summary>
[GenerateSerializer, Alias("op.es.EventTooLargeException")]
public sealed class EventTooLargeException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public EventTooLargeException(int size, int maxSize)
        : base($"An event of {size} bytes exceeds the maximum of {maxSize} bytes.")
    {
        Size = size;
        MaxSize = maxSize;
    }

    /// <summary>The size of the offending event (data plus metadata), in bytes.</summary>
    [Id(0)] public int Size { get; }

    /// <summary>The configured maximum, in bytes.</summary>
    [Id(1)] public int MaxSize { get; }
}
