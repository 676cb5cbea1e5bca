using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Contracts.Registry.Balancing;

namespace OrleansPlatform.Tests.Registry;

/// <summary>Each strategy's distribution, within the tolerance stated per test.</summary>
public sealed class BalancingTests
{
    private static readonly List<Candidate> Three = [new("a", 1), new("b", 1), new("c", 1)];

    [Fact]
    public void RoundRobin_ThreeInstances_ExactlyEqualShares()
    {
        var balancer = new InstanceBalancer(new Random(1));

        var counts = Count(() => balancer.Pick(BalancingStrategy.RoundRobin, Three, null), 300, Three);

        Assert.All(counts.Values, c => Assert.Equal(100, c));
    }

    [Fact]
    public void Weighted_Weights5And1And1_ExactSharesAndNoBurstLongerThanTheWeight()
    {
        var weighted = new List<Candidate> { new("a", 5), new("b", 1), new("c", 1) };
        var balancer = new InstanceBalancer(new Random(1));

        var picks = Enumerable.Range(0, 700).Select(_ => weighted[balancer.Pick(BalancingStrategy.Weighted, weighted, null)].InstanceId).ToList();

        // Exact over every full cycle of sum(weights) = 7 picks.
        Assert.Equal(500, picks.Count(p => p == "a"));
        Assert.Equal(100, picks.Count(p => p == "b"));
        Assert.Equal(100, picks.Count(p => p == "c"));
        // Smooth: nginx's sequence a a b a c a a never gives 'a' more than 4 in a row.
        Assert.Equal(["a", "a", "b", "a", "c", "a", "a"], picks.Take(7));
    }

    [Fact]
    public void LeastConnections_ReportedLoad_PicksTheLeastLoadedAndSharesTies()
    {
        var balancer = new InstanceBalancer(new Random(1));
        balancer.InFlight.Report("mesh-1", "a", 5);
        balancer.InFlight.Report("mesh-2", "a", 2);
        balancer.InFlight.Report("mesh-1", "b", 1);

        Assert.Equal(2, balancer.Pick(BalancingStrategy.LeastConnections, Three, null));
        balancer.InFlight.Report("mesh-1", "c", 1);
        var ties = Count(() => balancer.Pick(BalancingStrategy.LeastConnections, Three, null), 100, Three);

        Assert.Equal(0, ties["a"]);
        Assert.Equal(50, ties["b"]);
        Assert.Equal(50, ties["c"]);
    }

    [Fact]
    public void Random_SeededSource_SharesWithinTenPercent()
    {
        var balancer = new InstanceBalancer(new Random(42));

        var counts = Count(() => balancer.Pick(BalancingStrategy.Random, Three, null), 30_000, Three);

        Assert.All(counts.Values, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Random_SameSeed_SameSequence()
    {
        var (x, y) = (new InstanceBalancer(new Random(7)), new InstanceBalancer(new Random(7)));

        var a = Enumerable.Range(0, 50).Select(_ => x.Pick(BalancingStrategy.Random, Three, null));
        var b = Enumerable.Range(0, 50).Select(_ => y.Pick(BalancingStrategy.Random, Three, null));

        Assert.Equal(a, b);
    }

    [Fact]
    public void ConsistentHash_ManyKeys_SharesWithinTwentyPercentAndSameKeySameInstance()
    {
        var balancer = new InstanceBalancer(new Random(1));
        var keys = Enumerable.Range(0, 30_000).Select(i => $"customer-{i}").ToList();

        var first = keys.ToDictionary(k => k, k => Three[balancer.Pick(BalancingStrategy.ConsistentHash, Three, k)].InstanceId);
        var again = keys.Select(k => Three[balancer.Pick(BalancingStrategy.ConsistentHash, Three, k)].InstanceId);

        Assert.Equal(first.Values, again);
        Assert.All(first.Values.GroupBy(v => v), g => Assert.InRange(g.Count(), 8_000, 12_000));
    }

    [Fact]
    public void ConsistentHash_InstanceLeaves_OnlyItsKeysMove()
    {
        var balancer = new InstanceBalancer(new Random(1));
        var two = Three.Where(c => c.InstanceId != "b").ToList();
        var keys = Enumerable.Range(0, 5_000).Select(i => $"k{i}").ToList();

        var before = keys.ToDictionary(k => k, k => Three[balancer.Pick(BalancingStrategy.ConsistentHash, Three, k)].InstanceId);
        var after = keys.ToDictionary(k => k, k => two[balancer.Pick(BalancingStrategy.ConsistentHash, two, k)].InstanceId);

        Assert.All(keys.Where(k => before[k] != "b"), k => Assert.Equal(before[k], after[k]));
    }

    [Fact]
    public void ConsistentHash_NoKey_IsAValidationError()
    {
        var balancer = new InstanceBalancer(new Random(1));

        Assert.Throws<PlatformValidationException>(() => balancer.Pick(BalancingStrategy.ConsistentHash, Three, null));
    }

    private static Dictionary<string, int> Count(Func<int> pick, int times, List<Candidate> candidates)
    {
        var counts = candidates.ToDictionary(c => c.InstanceId, _ => 0);
        for (var i = 0; i < times; i++)
        {
            counts[candidates[pick()].InstanceId]++;
        }

        return counts;
    }
}
