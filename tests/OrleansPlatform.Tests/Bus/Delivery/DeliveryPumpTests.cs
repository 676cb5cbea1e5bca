using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Grains.Bus;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Tests.Bus.Delivery;

/// <summary>
/// The pump's rounds without a grain or silo: a fake host folds the journal, a scripted webhook answers at once (so
/// every delivery settles inside the round that sent it), and the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class DeliveryPumpTests
{
    private static readonly BackoffSettings Backoff = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly List<(long Offset, int Attempt)> _calls = [];

    [Fact]
    public async Task RunRoundAsync_WebhookFailsOnce_RetriesOnlyOnceTheBackoffHasPassed()
    {
        var host = new FakeHost(Settings(maxAttempts: 3), Messages.At(0, "a"));
        using var pump = Pump(host, (_, attempt) => attempt == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, jitter: 0);

        await pump.RunRoundAsync();
        _time.Advance(TimeSpan.FromMilliseconds(799));
        await pump.RunRoundAsync();
        Assert.Equal([(0L, 1)], _calls);
        Assert.Equal((0L, 1L), (host.Progress.Checkpoint, host.Progress.Failed));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await pump.RunRoundAsync();

        Assert.Equal([(0L, 1), (0L, 2)], _calls);
        Assert.Equal((1L, 1L), (host.Progress.Checkpoint, host.Progress.Delivered));
    }

    [Fact]
    public async Task RunRoundAsync_FailingKey_ParksOnlyThatKey()
    {
        var host = new FakeHost(Settings(maxAttempts: 10), Messages.At(0, "a"), Messages.At(1, "b"), Messages.At(2, "a"), Messages.At(3, "b"));
        using var pump = Pump(host, (offset, _) => offset % 2 == 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);

        await pump.RunRoundAsync();

        Assert.Equal([(0L, 1), (1L, 1), (3L, 1)], _calls.Order());
        Assert.Equal(0, host.Progress.Checkpoint);
        Assert.Equal(new long[] { 1, 3 }, host.Progress.Completed);
    }

    [Fact]
    public async Task RunRoundAsync_AttemptsExhausted_JournalsTheDeadLetterBeforeLaterEventsOfItsKey()
    {
        var host = new FakeHost(Settings(maxAttempts: 1), Messages.At(0, "a"), Messages.At(1, "a"));
        using var pump = Pump(host, (offset, _) => offset == 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);

        await pump.RunRoundAsync();

        Assert.Collection(host.Journal,
            e => Assert.Equal(0, Assert.IsType<SubscriptionJournal.DeadLettered>(e).Letter.Offset),
            e => Assert.Equal(new long[] { 1 }, Assert.IsType<SubscriptionJournal.Completed>(e).Offsets));
        Assert.Equal(2, host.Progress.Checkpoint);
        Assert.Equal("HTTP 500", host.Progress.DeadLetters[0].LastError);
    }

    [Fact]
    public async Task RunRoundAsync_EventsTheFilterSkips_AreCompletedWithoutADelivery()
    {
        var skipped = Messages.At(1, "b") with { Type = "Other" };
        var host = new FakeHost(Settings(maxAttempts: 3) with { Types = ["Order*"] }, Messages.At(0, "a"), skipped);
        using var pump = Pump(host, (_, _) => HttpStatusCode.OK);

        await pump.RunRoundAsync();

        Assert.Equal([(0L, 1)], _calls);
        Assert.Equal((2L, 1L), (host.Progress.Checkpoint, host.Progress.Delivered));
    }

    [Fact]
    public void Kick_AfterDispose_RequestsNoRound()
    {
        var rounds = 0;
        var pump = new DeliveryPump(new FakeHost(Settings(maxAttempts: 1)), Webhook((_, _) => HttpStatusCode.OK), _time, () => 0.5, () => rounds++, NullLogger.Instance);
        pump.Kick();

        pump.Dispose();
        pump.Kick();

        Assert.Equal(1, rounds);
    }

    private static SubscriptionSettings Settings(int maxAttempts) => new(
        "orders", [], new DeliverySettings(DeliveryKind.Webhook, "http://127.0.0.1:9/hook"), StartPosition.Earliest, maxAttempts, Backoff, MaxInFlight: 4);

    /// <summary>A started pump, as the grain has it once the subscription has settings.</summary>
    private DeliveryPump Pump(FakeHost host, Func<long, int, HttpStatusCode> answer, double jitter = 0.5)
    {
        var pump = new DeliveryPump(host, Webhook(answer), _time, () => jitter, () => { }, NullLogger.Instance);
        pump.Start(host.Progress.Checkpoint);
        return pump;
    }

    private WebhookDeliverer Webhook(Func<long, int, HttpStatusCode> answer) => new(new Clients(new ScriptedWebhook((offset, attempt) =>
    {
        _calls.Add((offset, attempt));
        return answer(offset, attempt);
    })), new NoSecrets());

    /// <summary>These subscriptions sign nothing.</summary>
    private sealed class NoSecrets : OrleansPlatform.Storage.Secrets.ISecretStore
    {
        public Task<string> SaveAsync(string owner, string value, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> ReadAsync(string reference, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }

    /// <summary>A subscription partition's journal and topic partition in memory.</summary>
    private sealed class FakeHost : IDeliveryHost
    {
        private readonly IReadOnlyList<TopicMessage> _log;
        private long _version;

        public FakeHost(SubscriptionSettings settings, params TopicMessage[] log)
        {
            _log = log;
            RecordAsync(new SubscriptionJournal.Started("billing", settings, 0));
            Journal.Clear();
        }

        public SubscriptionPartitionState Progress { get; } = new();

        public List<object> Journal { get; } = [];

        public Task<IReadOnlyList<TopicMessage>> ReadMessagesAsync(long fromOffset, int limit) =>
            Task.FromResult<IReadOnlyList<TopicMessage>>(_log.Where(m => m.Offset >= fromOffset).Take(limit).ToList());

        public Task RecordAsync(object entry)
        {
            Journal.Add(entry);
            Progress.Apply(new JournalEntry(entry, ++_version, Guid.NewGuid(), DateTimeOffset.UnixEpoch));
            return Task.CompletedTask;
        }

        public Task DeadLetterAsync(long offset, TopicMessage? message, int attempts, string error, int failed) => RecordAsync(
            new SubscriptionJournal.DeadLettered(new DeadLetter($"0-{offset}", 0, offset, message?.EventId ?? Guid.Empty, message?.Key, message?.Type ?? "", attempts, "failed", error, DateTimeOffset.UnixEpoch), failed));
    }

    /// <summary>Answers every CloudEvent at once by its offset and attempt.</summary>
    private sealed class ScriptedWebhook(Func<long, int, HttpStatusCode> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var cloudEvent = JsonNode.Parse(request.Content!.ReadAsStream(cancellationToken))!;
            var status = answer((long)cloudEvent["offset"]!, (int)cloudEvent["deliveryattempt"]!);
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
