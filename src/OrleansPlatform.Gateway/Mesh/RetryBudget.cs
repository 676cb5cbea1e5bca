namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// A service's retry budget (as Finagle's): every call banks <c>percent / 100</c> of a retry, every retry spends one,
/// and a floor of <see cref="MeshOptions.MinRetriesPerSecond"/> refills with time so a quiet service can still retry.
/// When a service fails wholesale its callers soon run out, so retries add at most that share to its load instead of
/// multiplying it. At most 100 retries plus ten seconds of the floor are banked.
/// </summary>
internal sealed class RetryBudget
{
    // Counted in millionths of a retry, so banking 20 % a hundred times makes exactly twenty retries.
    private const long Retry = 1_000_000;

    private readonly Lock _gate = new();
    private readonly long _perCall;
    private readonly double _perSecond;
    private readonly long _cap;
    private readonly TimeProvider _time;
    private long _balance;
    private long _refilledAt;

    public RetryBudget(double percent, double minPerSecond, TimeProvider time)
    {
        _perCall = (long)Math.Round(percent / 100 * Retry);
        _perSecond = minPerSecond * Retry;
        _cap = (long)((100 + (10 * minPerSecond)) * Retry);
        _time = time;
        _balance = (long)(10 * minPerSecond * Retry);
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
            _balance = Math.Min(_cap, _balance + (long)(_time.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
            _refilledAt = now;
            if (_balance < Retry)
            {
                return false;
            }

            _balance -= Retry;
            return true;
        }
    }
}
