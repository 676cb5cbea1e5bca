namespace OrleansPlatform.Contracts.EventStore;

/// <summary>
/// The optimistic-concurrency condition of an append: the version the caller believes the stream has.
/// </summary>
/// <remarks>Encoded as one number so it serializes cheaply: <c>-1</c> any, <c>-2</c> exists, <c>0</c> no stream, <c>N</c> exactly N.</remarks>
[GenerateSerializer, Immutable, Alias("op.es.ExpectedVersion")]
public readonly record struct ExpectedVersion([property: Id(0)] long Value)
{
    /// <summary>Append whatever the stream's version is.</summary>
    public static readonly ExpectedVersion Any = new(-1);

    /// <summary>Append only if the stream already has at least one event.</summary>
    public static readonly ExpectedVersion StreamExists = new(-2);

    /// <summary>Append only if the stream has no events yet.</summary>
    public static readonly ExpectedVersion NoStream = new(0);

    /// <summary>Append only if the stream's version is exactly <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="version"/> is negative.</exception>
    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), "A stream version is 0 or more.");

    /// <summary>True when the condition names a concrete version (0 included).</summary>
    public bool IsExact => Value >= 0;

    /// <summary>Whether a stream currently at <paramref name="currentVersion"/> satisfies this condition.</summary>
    public bool IsSatisfiedBy(long currentVersion) => Value switch
    {
        -1 => true,
        -2 => currentVersion > 0,
        _ => currentVersion == Value,
    };

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        -1 => "any",
        -2 => "exists",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
