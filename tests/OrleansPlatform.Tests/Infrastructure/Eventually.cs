namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; tests never synchronise by sleeping.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold before the deadline; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
