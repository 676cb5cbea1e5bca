using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Client;

/// <summary>The typed bus client as another service uses it: publish, subscribe with a handler, dead letters.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class EventBusClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private static readonly BackoffSettings FastBackoff = new(TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromMilliseconds(100));

    private IHost _service = null!;

    private IEventBus Bus => _service.Services.GetRequiredService<IEventBus>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task Subscribe_HandlerFailsOnce_EveryEventHandledInKeyOrderAndAcknowledged()
    {
        var (topic, sub) = await CreateAsync(partitions: 2, maxAttempts: 5);
        var failedOnce = new ConcurrentDictionary<Guid, bool>();
        var handled = new ConcurrentQueue<TopicMessage>();
        var messages = Enumerable.Range(0, 20).Select(i => Message($"key-{i % 4}", i)).ToList();
        await Bus.PublishAsync(topic, messages);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, (m, _) =>
        {
            if (m.Data.Contains("\"i\":7", StringComparison.Ordinal) && failedOnce.TryAdd(m.EventId, true))
            {
                throw new InvalidOperationException("transient");
            }

            handled.Enqueue(m);
            return Task.CompletedTask;
        }, stop.Token);
        var status = await Eventually.MatchAsync(() => Bus.GetSubscriptionAsync(sub), s => s.Partitions.Sum(p => p.Lag) == 0 && handled.Count >= 20);
        await stop.CancelAsync();
        await running;

        foreach (var key in handled.GroupBy(m => m.Key))
        {
            var order = key.Select(m => m.Offset).ToList();
            Assert.Equal(order.Order(), order);
        }

        Assert.Equal(20, handled.Select(m => m.EventId).Distinct().Count());
        Assert.Equal(0, status.DeadLetterCount);
    }

    [Fact]
    public async Task Subscribe_FailingEvent_HoldsBackOnlyItsKeyWhileItIsRetried()
    {
        // Backoff long enough that "meanwhile" is unambiguous: three attempts span about a second.
        var (topic, sub) = await CreateAsync(partitions: 1, maxAttempts: 3, new BackoffSettings(TimeSpan.FromMilliseconds(300), 2, TimeSpan.FromSeconds(1)));
        var badAttempts = 0;
        var handled = new ConcurrentQueue<(TopicMessage Message, int BadAttemptsBefore)>();
        await Bus.PublishAsync(topic, [Message("bad", 0), Message("good", 1), Message("good", 2), Message("bad", 3)]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, (m, _) =>
        {
            if (m.Data.Contains("\"i\":0", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref badAttempts);
                throw new InvalidOperationException("always fails");
            }

            handled.Enqueue((m, Volatile.Read(ref badAttempts)));
            return Task.CompletedTask;
        }, stop.Token);
        await Eventually.MatchAsync(() => Task.FromResult(handled.Count), n => n == 3);
        var letters = await Eventually.MatchAsync(() => Bus.GetDeadLettersAsync(sub), l => l.Count == 1);
        var status = await Eventually.MatchAsync(() => Bus.GetSubscriptionAsync(sub), s => s.Partitions.Sum(p => p.Lag) == 0);
        await stop.CancelAsync();
        await running;

        Assert.All(handled.Where(h => h.Message.Key == "good"), h => Assert.True(h.BadAttemptsBefore < 3, "the other key waited for the failing one"));
        Assert.Equal(3, handled.Single(h => h.Message.Key == "bad").BadAttemptsBefore); // its key resumed after it gave up
        Assert.Equal(3, letters[0].Attempts);
        Assert.Equal("always fails", letters[0].LastError);
        Assert.Equal(1, status.DeadLetterCount);
    }

    [Fact]
    public async Task Subscribe_KeyParkedInOnePartition_OtherPartitionsKeepFlowing()
    {
        // The runner once waited for every partition of a pull before pulling again: one parked key stalled them all.
        // 100 attempts a second apart keep the failing key parked for the whole test.
        var (topic, sub) = await CreateAsync(partitions: 2, maxAttempts: 100, new BackoffSettings(TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(1)));
        var keys = BusApiExtensions.KeysOfEachPartition(2);
        var parkedAttempts = 0;
        var handled = new ConcurrentQueue<TopicMessage>();
        await Bus.PublishAsync(topic, Message(keys[0], 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, (m, _) =>
        {
            if (m.Key == keys[0])
            {
                Interlocked.Increment(ref parkedAttempts);
                throw new InvalidOperationException("keeps failing");
            }

            handled.Enqueue(m);
            return Task.CompletedTask;
        }, stop.Token);
        await Eventually.MatchAsync(() => Task.FromResult(Volatile.Read(ref parkedAttempts)), n => n >= 2);
        for (var i = 1; i <= 3; i++)
        {
            await Bus.PublishAsync(topic, Message(keys[1], i));
            await Eventually.MatchAsync(() => Task.FromResult(handled.Count), n => n == i, TimeSpan.FromSeconds(10));
        }

        var lettersMeanwhile = await Bus.GetDeadLettersAsync(sub);
        await stop.CancelAsync();
        await running;

        Assert.Equal([1, 2, 3], handled.Select(m => m.Offset + 1));
        Assert.All(handled, m => Assert.Equal(keys[1], m.Key));
        Assert.Empty(lettersMeanwhile); // the failing key was still parked, being retried, all along
    }

    [Fact]
    public async Task Subscribe_SlowKey_FinishedEventsBeforeItAreAcknowledgedMeanwhile()
    {
        // Progress acknowledgements renew the batch's lease while a slow key still works.
        var (topic, sub) = await CreateAsync(partitions: 1, maxAttempts: 3);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Bus.PublishAsync(topic, [Message("fast", 0), Message("fast", 1), Message("fast", 2), Message("slow", 3)]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, (m, ct) => m.Key == "slow" ? release.Task.WaitAsync(ct) : Task.CompletedTask, stop.Token);
        var meanwhile = await Eventually.MatchAsync(() => Bus.GetSubscriptionAsync(sub), s => s.Partitions[0].Checkpoint == 3);
        release.SetResult();
        var after = await Eventually.MatchAsync(() => Bus.GetSubscriptionAsync(sub), s => s.Partitions[0].Checkpoint == 4);
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, meanwhile.Partitions[0].Checkpoint);
        Assert.Equal(4, after.Delivered);
    }

    [Fact]
    public async Task Subscribe_PoisonEvent_IsDeadLetteredOthersContinueAndRedriveDeliversIt()
    {
        var (topic, sub) = await CreateAsync(partitions: 1, maxAttempts: 2);
        var poisonous = true;
        var handled = new ConcurrentQueue<TopicMessage>();
        await Bus.PublishAsync(topic, [Message("poison", 0), Message("fine", 1), Message("fine", 2)]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var running = Bus.SubscribeAsync(sub, (m, _) =>
        {
            if (poisonous && m.Key == "poison")
            {
                throw new FormatException("bad payload");
            }

            handled.Enqueue(m);
            return Task.CompletedTask;
        }, stop.Token);
        await Eventually.MatchAsync(() => Task.FromResult(handled.Count), n => n == 2);
        var letters = await Eventually.MatchAsync(() => Bus.GetDeadLettersAsync(sub), l => l.Count == 1);
        poisonous = false;
        var redriven = await Bus.RedriveAsync(sub);
        await Eventually.MatchAsync(() => Task.FromResult(handled.Count), n => n == 3);
        await stop.CancelAsync();
        await running;

        Assert.Equal("bad payload", letters[0].LastError);
        Assert.Equal(1, redriven);
        Assert.Equal("poison", handled.Last().Key);
    }

    [Fact]
    public async Task Publish_UnknownTopicOrBadName_ThrowsTypedExceptions()
    {
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Bus.PublishAsync(TopicApiTests.NewTopic(), Message("k", 0)));
        await Assert.ThrowsAsync<PlatformValidationException>(() => Bus.PublishAsync("bad name!", Message("k", 0)));
    }

    [Fact]
    public async Task CreateTopicOrPublish_ReservedPrefix_ThrowsValidationNamingIt()
    {
        var sub = "csub-" + Guid.NewGuid().ToString("N")[..12];
        await Bus.CreateSubscriptionAsync(sub, new SubscriptionSettings(
            "", [], new DeliverySettings(DeliveryKind.Pull), StartPosition.Earliest, 5, FastBackoff, 16, new EventStoreSource($"resv-{Guid.NewGuid():N}", 1)));
        var internalTopic = $"es.{sub}";

        var change = await Assert.ThrowsAsync<PlatformValidationException>(() => Bus.CreateTopicAsync(internalTopic, TopicSettings.Default with { Partitions = 1 }));
        var publish = await Assert.ThrowsAsync<PlatformValidationException>(() => Bus.PublishAsync(internalTopic, Message("k", 0)));
        var create = await Assert.ThrowsAsync<PlatformValidationException>(() => Bus.CreateTopicAsync($"es.{Guid.NewGuid():N}"));

        Assert.All([change, publish, create], e => Assert.Contains("'es.'", e.Errors["topic"][0], StringComparison.Ordinal));
    }

    private async Task<(string Topic, string Subscription)> CreateAsync(int partitions, int maxAttempts, BackoffSettings? backoff = null)
    {
        var topic = TopicApiTests.NewTopic();
        var sub = "csub-" + Guid.NewGuid().ToString("N")[..12];
        await Bus.CreateTopicAsync(topic, TopicSettings.Default with { Partitions = partitions });
        await Bus.CreateSubscriptionAsync(sub, new SubscriptionSettings(
            topic, [], new DeliverySettings(DeliveryKind.Pull), StartPosition.Earliest, maxAttempts, backoff ?? FastBackoff, 16));
        return (topic, sub);
    }

    private static OutgoingMessage Message(string key, int i) => new(Guid.NewGuid(), key, "ClientEvent", $$"""{"i":{{i}}}""");
}
