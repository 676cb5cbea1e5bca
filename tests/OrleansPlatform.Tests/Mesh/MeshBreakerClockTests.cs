using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Mesh;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>
/// An instance's attempt pipeline on a fake clock: the breaker opens on failures, rejects while open (and the pick
/// skips the instance), lets one probe through once the break is over, and closes when the probe succeeds.
/// </summary>
public sealed class MeshBreakerClockTests
{
    private static readonly AttemptOutcome Failed = new(500, ForwarderError.None, false, null);
    private static readonly AttemptOutcome Passed = new(200, ForwarderError.None, false, null);
    private static readonly string[] Ids = ["i-0", "i-1"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Breaker_FailuresThenBreakThenProbe_OpensRejectsHalfOpensAndCloses()
    {
        var (instance, other) = Instances();

        await RunAsync(instance, Failed);
        await RunAsync(instance, Failed);

        Assert.True(instance.IsBreaking(_time.GetUtcNow()));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => RunAsync(instance, Passed));
        Assert.False(other.IsBreaking(_time.GetUtcNow()));
        Assert.Equal(200, (await RunAsync(other, Passed)).Status);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(instance.IsBreaking(_time.GetUtcNow()));
        await RunAsync(instance, Failed);
        Assert.True(instance.IsBreaking(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await RunAsync(instance, Passed)).Status);
        Assert.False(instance.IsBreaking(_time.GetUtcNow()));
        Assert.Equal(200, (await RunAsync(instance, Passed)).Status);
    }

    private (MeshInstance Instance, MeshInstance Other) Instances()
    {
        var policy = new ServicePolicy(CircuitBreaker: new PolicyCircuitBreaker(0.5, 2, TimeSpan.FromSeconds(5)));
        var settings = new MeshSettings(policy, new MeshOptions(), _time);
        var instances = Ids.Select(id =>
        {
            var instance = new MeshInstance(new ServiceInstanceInfo(id, "http://127.0.0.1:1", InstanceStatus.Healthy, 1,
                new Dictionary<string, string>(), [], null, null, null));
            instance.Pipeline = settings.BuildInstancePipeline(instance);
            return instance;
        }).ToArray();
        return (instances[0], instances[1]);
    }

    private static async Task<AttemptOutcome> RunAsync(MeshInstance instance, AttemptOutcome outcome) =>
        await instance.Pipeline.ExecuteAsync(_ => ValueTask.FromResult(outcome));
}
