using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Client;

/// <summary><see cref="OrleansPlatformClientOptions.SubscriptionHandlerTimeout"/>: an overrunning handler is a failed attempt.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class SubscriptionHandlerTimeoutTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan HandlerTimeout = TimeSpan.FromMilliseconds(300);

    private IHost _service = null!;

    private IEventBus Bus => _service.Services.GetRequiredService<IEventBus>();

    public async Task InitializeAsync() =>
        _service = await ClientHost.StartAsync(platform.Host, options: o => o.SubscriptionHandlerTimeout = HandlerTimeout);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task Subscribe_HandlerIgnoringItsToken_OverrunIsRetriedThenDeadLetteredAndItsTokenCancelled()
    {
        var topic = TopicApiTests.NewTopic();
        var sub = "tsub-" + Guid.NewGuid().ToString("N")[..12];
        await Bus.CreateTopicAsync(topic, TopicSettings.Default with { Partitions = 1 });
        await Bus.CreateSubscriptionAsync(sub, new SubscriptionSettings(topic, [], new DeliverySettings(DeliveryKind.Pull), StartPosition.Earliest,
            MaxAttempts: 2, new BackoffSettings(TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromMilliseconds(50)), MaxInFlight: 4));
        await Bus.PublishAsync(topic, [new OutgoingMessage(Guid.NewGuid(), "stuck", "Slow", "{}"), new OutgoingMessage(Guid.NewGuid(), "fine", "Quick", "{}")]);
        var stuckForever = new TaskCompletionSource();
        var slowAttempts = 0;
        var cancelledTokens = 0;
        var handled = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, async (m, ct) =>
        {
            if (m.Type == "Slow")
            {
                Interlocked.Increment(ref slowAttempts);
                ct.Register(() => Interlocked.Increment(ref cancelledTokens));
                await stuckForever.Task; // never looks at its token: only the runner's own wait can end the attempt
            }

            handled.Enqueue(m.Type);
        }, stop.Token);
        var letter = Assert.Single(await Eventually.MatchAsync(() => Bus.GetDeadLettersAsync(sub), l => l.Count == 1, TimeSpan.FromSeconds(30)));
        await Eventually.MatchAsync(() => Task.FromResult(Volatile.Read(ref cancelledTokens)), n => n == 2, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running;
        var handledWhileStuck = handled.ToArray();
        stuckForever.SetResult();

        Assert.Equal(2, Volatile.Read(ref slowAttempts));
        Assert.Equal(2, letter.Attempts);
        Assert.Contains("did not finish within", letter.LastError, StringComparison.Ordinal);
        Assert.Equal(["Quick"], handledWhileStuck);
    }
}
