using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Bus;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Webhook secrets never enter a journal (anything that reads the log reads journals); deliveries are still signed.</summary>
public abstract class WebhookSecretTests(PlatformHost host, HttpClient client)
{
    [Fact]
    public async Task Put_WithSecret_JournalsHoldOnlyAReferenceAndDeliveriesAreSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url, secret });

        await client.PublishAsync(topic, [("k", "Signed", new { n = 1 })]);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 1);
        var journals = new List<RecordedEvent>();
        foreach (var journal in new[] { $"$sub-def:{sub}", $"$sub:{sub}:0" })
        {
            journals.AddRange(await host.Service<IEventLog>().ReadStreamAsync(journal, 1, 1000, ReadDirection.Forward, CancellationToken.None));
        }

        Assert.NotEmpty(journals);
        Assert.All(journals, e => Assert.DoesNotContain(secret, e.Data, StringComparison.Ordinal));
        Assert.Contains(journals, e => e.Data.Contains("secretRef", StringComparison.Ordinal));
        Assert.Equal(WebhookDeliverer.Sign(secret, receiver.Accepted[0].Body), receiver.Accepted[0].Signature);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteWebhookSecretTests(SqlitePlatformFixture fixture) : WebhookSecretTests(fixture.Host, fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresWebhookSecretTests(PostgresPlatformFixture fixture) : WebhookSecretTests(fixture.Host, fixture.Client);
