using OrleansPlatform.Contracts.Retention;

namespace OrleansPlatform.Tests.Retention;

/// <summary>The retention rules reads apply at once, independent of when the reclaim job runs.</summary>
public sealed class StreamMetadataTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_BadValues_NameEachField()
    {
        var errors = new StreamMetadata(TimeSpan.Zero, 0, -1).Validate();

        Assert.Equal(["maxAge", "maxCount", "truncateBefore"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_GoodValues_NoErrors() =>
        Assert.Empty(new StreamMetadata(TimeSpan.FromDays(30), 1000, 5).Validate());

    [Theory]
    [InlineData(null, null, 10, 1)]
    [InlineData(3L, null, 10, 8)]
    [InlineData(30L, null, 10, 1)]
    [InlineData(null, 4L, 10, 4)]
    [InlineData(3L, 9L, 10, 9)]
    [InlineData(5L, 2L, 10, 6)]
    public void FirstRetainedVersion_CountAndTruncate_TakesTheStricter(long? maxCount, long? truncateBefore, long last, long expected) =>
        Assert.Equal(expected, new StreamMetadata(null, maxCount, truncateBefore).FirstRetainedVersion(last));

    [Fact]
    public void IsRetained_MaxAge_HidesOnlyOlderEvents()
    {
        var metadata = new StreamMetadata(MaxAge: TimeSpan.FromHours(1));

        Assert.False(metadata.IsRetained(1, Now.AddHours(-2), 2, Now));
        Assert.True(metadata.IsRetained(2, Now.AddMinutes(-30), 2, Now));
    }

    [Fact]
    public void IsRetained_NoMetadata_KeepsEverything() =>
        Assert.True(StreamMetadata.None.IsRetained(1, DateTimeOffset.UnixEpoch, 1000, Now));
}
