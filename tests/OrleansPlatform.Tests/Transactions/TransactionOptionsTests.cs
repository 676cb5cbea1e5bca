using OrleansPlatform.Grains.Transactions;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>The phase-two back-off: exponential per round, capped, with jitter that never goes below half.</summary>
public sealed class TransactionOptionsTests
{
    private static readonly TransactionOptions Options = new()
    {
        RetryInitial = TimeSpan.FromMilliseconds(100),
        BackoffMultiplier = 2,
        RetryMax = TimeSpan.FromSeconds(1),
    };

    [Theory]
    [InlineData(1, 0.0, 50)]
    [InlineData(1, 1.0, 100)]
    [InlineData(3, 1.0, 400)]
    [InlineData(3, 0.0, 200)]
    [InlineData(20, 1.0, 1000)]
    [InlineData(20, 0.0, 500)]
    public void RetryDelay_RoundAndRandom_GrowsExponentiallyWithinTheCapAndJitter(int round, double random, double expectedMs) =>
        Assert.Equal(expectedMs, Options.RetryDelay(round, random).TotalMilliseconds, precision: 6);
}
