using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Mesh;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>The mesh's small parts on their own: retry budget (fake clock), latency quantiles, ejection arithmetic.</summary>
public sealed class MeshPartsTests
{
    [Fact]
    public void RetryBudget_WithoutTraffic_GrantsOnlyTheFloorAndRefillsWithTime()
    {
        var time = new FakeTimeProvider();
        var budget = new RetryBudget(percent: 20, minPerSecond: 1, time);

        var granted = Enumerable.Range(0, 20).Count(_ => budget.TryWithdraw());
        time.Advance(TimeSpan.FromSeconds(3));
        var afterThreeSeconds = Enumerable.Range(0, 20).Count(_ => budget.TryWithdraw());

        Assert.Equal(10, granted);
        Assert.Equal(3, afterThreeSeconds);
    }

    [Fact]
    public void RetryBudget_Calls_BankTheirShareOfRetries()
    {
        var budget = new RetryBudget(percent: 20, minPerSecond: 0, new FakeTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            budget.Deposit();
        }

        var granted = Enumerable.Range(0, 100).Count(_ => budget.TryWithdraw());

        Assert.Equal(20, granted);
    }

    [Fact]
    public void LatencyHistogram_Quantiles_AreWithinTwentyPercent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++)
        {
            histogram.Record(ms);
        }

        var totals = LatencyHistogram.NewTotals();
        histogram.AddTo(totals);

        Assert.InRange(LatencyHistogram.Quantile(totals, 0.50), 50, 60);
        Assert.InRange(LatencyHistogram.Quantile(totals, 0.99), 99, 119);
        Assert.Equal(0, LatencyHistogram.Quantile(LatencyHistogram.NewTotals(), 0.5));
    }

    [Theory]
    [InlineData(1, 50, 0)]
    [InlineData(2, 50, 1)]
    [InlineData(10, 10, 1)]
    [InlineData(10, 0, 0)]
    [InlineData(3, 100, 3)]
    public void OutlierEjection_MaxEjected_IsTheShareRoundedDown(int instances, int percent, int expected) =>
        Assert.Equal(expected, new PolicyOutlierEjection(5, TimeSpan.FromSeconds(30), percent).MaxEjected(instances));

    [Fact]
    public void OutlierEjection_EjectionTime_GrowsWithEachEjectionUpToTenTimes()
    {
        var ejection = new PolicyOutlierEjection(5, TimeSpan.FromSeconds(30), 50);

        Assert.Equal(TimeSpan.FromSeconds(30), ejection.EjectionTime(1));
        Assert.Equal(TimeSpan.FromSeconds(90), ejection.EjectionTime(3));
        Assert.Equal(TimeSpan.FromSeconds(300), ejection.EjectionTime(25));
    }
}
