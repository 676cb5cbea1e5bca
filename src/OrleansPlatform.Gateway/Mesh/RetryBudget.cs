namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// A service's retry budget (as Finagle's): every call banks <c>percent / 100</c> of a retry, every retry spends one,
/// and a floor of <see cref="MeshOptions.MinRetriesPerSecond"/> refills with time so a quiet service can still retry.
/// When a service fails wholesale its callers soon run out, so retries add at most that share to its load instead of
/// multiplying it. At most 100 retries plus ten seconds of the floor are banked.
/// </summary>
internal sealed class RetryBudget
{
    private readonly Lock _gate = new();
    private readonly double _perCall;
    private readonly double _perSecond;
    private readonly double _cap;
    private readonly TimeProvider _time;
    private double _balance;
    private long _refilledAt;

    public RetryBudget(double percent, double minPerSecond, TimeProvider time)
    {
        _perCall = percent / 100;
        _perSecond = minPerSecond;
        _cap = 100 + (10 * minPerSecond);
        _time = time;
        _balance = 10 * minPerSecond;
        _refilledAt = time.GetTimestamp();
    }

    public void Deposit()
    {
        lock (_gate)
        {
            _balance = Math.Min(_cap, _balance + _perCall);
        }
    }

    public bool TryWithdraw()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _balance = Math.Min(_cap, _balance + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
            _refilledAt = now;
            if (_balance < 1)
            {
                return false;
            }

            _balance--;
            return true;
        }
    }
}
