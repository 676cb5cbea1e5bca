using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Grains.Registry;

namespace OrleansPlatform.Tests.Registry;

/// <summary>Health signals on a fake clock: ttl expiry, check hysteresis (3 failures down, 2 passes up), recovery.</summary>
public sealed class HealthTrackerTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly HealthCheckSettings Check = new("/health", TimeSpan.FromSeconds(5));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly HealthTracker _tracker;
    private readonly Dictionary<string, InstanceStatus> _status = [];

    public HealthTrackerTests() => _tracker = new HealthTracker(_time, failuresToEject: 3, passesToRestore: 2);

    [Fact]
    public void Evaluate_HeartbeatsWithinTtl_StaysHealthy()
    {
        Track("a", Ttl, null);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(9));
            _tracker.Heartbeat("a");
        }

        Assert.Empty(Evaluate());
    }

    [Fact]
    public void Evaluate_TtlPassesWithoutHeartbeat_TurnsUnhealthy()
    {
        Track("a", Ttl, null);
        _time.Advance(Ttl);
        Assert.Empty(Evaluate());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var change = Assert.Single(Evaluate());

        Assert.Equal(InstanceStatus.Unhealthy, change.Status);
        Assert.Contains("heartbeat", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeat_AfterExpiry_NeedsTwoInARowToRecover()
    {
        Track("a", Ttl, null);
        _time.Advance(Ttl + TimeSpan.FromSeconds(1));
        Apply(Evaluate());

        _tracker.Heartbeat("a");
        Assert.Empty(Evaluate());
        _time.Advance(TimeSpan.FromSeconds(1));
        _tracker.Heartbeat("a");
        var change = Assert.Single(Evaluate());

        Assert.Equal(InstanceStatus.Healthy, change.Status);
    }

    [Fact]
    public void Heartbeat_GapDuringRecovery_RestartsTheCount()
    {
        Track("a", Ttl, null);
        _time.Advance(Ttl + TimeSpan.FromSeconds(1));
        Apply(Evaluate());
        _tracker.Heartbeat("a");

        _time.Advance(Ttl + TimeSpan.FromSeconds(1));
        Assert.Empty(Evaluate());
        _tracker.Heartbeat("a");

        Assert.Empty(Evaluate());
    }

    [Fact]
    public void RecordCheck_TwoFailuresThenPass_DoesNotFlap()
    {
        Track("a", null, Check);

        _tracker.RecordCheck("a", passed: false);
        _tracker.RecordCheck("a", passed: false);
        _tracker.RecordCheck("a", passed: true);
        _tracker.RecordCheck("a", passed: false);
        _tracker.RecordCheck("a", passed: false);

        Assert.Empty(Evaluate());
    }

    [Fact]
    public void RecordCheck_ThreeFailuresInARow_TurnsUnhealthyAndTwoPassesRestore()
    {
        Track("a", null, Check);
        for (var i = 0; i < 3; i++)
        {
            _tracker.RecordCheck("a", passed: false);
        }

        Assert.Equal(InstanceStatus.Unhealthy, Assert.Single(Apply(Evaluate())).Status);
        _tracker.RecordCheck("a", passed: true);
        Assert.Empty(Evaluate());
        _tracker.RecordCheck("a", passed: true);
        Assert.Equal(InstanceStatus.Healthy, Assert.Single(Evaluate()).Status);
    }

    [Fact]
    public void Track_UnhealthyFromJournal_NeedsPassesToComeBack()
    {
        _status["a"] = InstanceStatus.Unhealthy;
        _tracker.Track("a", null, Check, InstanceStatus.Unhealthy);

        Assert.Empty(Evaluate());
        _tracker.RecordCheck("a", passed: true);
        _tracker.RecordCheck("a", passed: true);

        Assert.Equal(InstanceStatus.Healthy, Assert.Single(Evaluate()).Status);
    }

    [Fact]
    public void TakeDueChecks_FollowsEachInstancesInterval()
    {
        Track("a", null, Check);
        Track("b", null, Check with { Interval = TimeSpan.FromSeconds(2) });

        Assert.Equal(2, _tracker.TakeDueChecks().Count);
        Assert.Empty(_tracker.TakeDueChecks());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("b", Assert.Single(_tracker.TakeDueChecks()).InstanceId);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, _tracker.TakeDueChecks().Count);
    }

    [Fact]
    public void Track_ReRegisteredWithoutTheFailingCheck_NoLongerHeldDown()
    {
        Track("a", null, Check);
        for (var i = 0; i < 3; i++)
        {
            _tracker.RecordCheck("a", passed: false);
        }

        Apply(Evaluate());
        _tracker.Track("a", null, null, InstanceStatus.Unhealthy);

        Assert.Equal(InstanceStatus.Healthy, Assert.Single(Evaluate()).Status);
    }

    [Fact]
    public void Heartbeat_UnknownInstance_ReturnsFalse() => Assert.False(_tracker.Heartbeat("nobody"));

    private void Track(string id, TimeSpan? ttl, HealthCheckSettings? check)
    {
        _status[id] = InstanceStatus.Healthy;
        _tracker.Track(id, ttl, check, InstanceStatus.Healthy);
    }

    private IReadOnlyList<HealthChange> Evaluate() => _tracker.Evaluate(id => _status.TryGetValue(id, out var s) ? s : null);

    private IReadOnlyList<HealthChange> Apply(IReadOnlyList<HealthChange> changes)
    {
        foreach (var change in changes)
        {
            _status[change.InstanceId] = change.Status;
        }

        return changes;
    }
}
