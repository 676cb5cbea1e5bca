using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Long subscription journals are snapshotted, and a re-activated partition resumes from the snapshot intact.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class SubscriptionSnapshotTests(PostgresPlatformFixture platform)
{
    [Fact]
    public async Task Reactivation_AfterSnapshots_RestoresCheckpointCountsAndDeadLetters()
    {
        var client = platform.Client;
        var topic = TopicApiTests.NewTopic();
        var sub = "snap-" + Guid.NewGuid().ToString("N")[..10];
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 });
        await client.PutAsJsonAsync($"/api/v1/subscriptions/{sub}", new { topic, delivery = new { type = "pull" }, startFrom = "earliest", maxAttempts = 1 });
        await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events = Enumerable.Range(0, 230).Select(i => new { key = "k", type = "Snap", data = new { i } }).ToArray() });

        // The consumer gives up on the first event (dead-lettered, maxAttempts 1), takes the rest of the batch again,
        // and acknowledges event by event: one journal entry each, so snapshots are taken.
        await client.PostAsync($"/api/v1/subscriptions/{sub}/pull?max=1000&wait=5s", null);
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = 0, error = "poison" });
        await client.PostAsync($"/api/v1/subscriptions/{sub}/pull?max=1000", null);
        for (var offset = 1; offset < 230; offset++)
        {
            await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset });
        }

        var journal = await platform.Host.Service<IEventLog>().ReadStreamAsync($"$sub:{sub}:0", long.MaxValue, 100, ReadDirection.Backward, CancellationToken.None);
        await platform.Host.Service<IClusterClient>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");

        Assert.Contains(journal, e => e.Type == "SubscriptionSnapshot.v1");
        Assert.Equal(230, status["partitions"]![0]!["checkpoint"].Long());
        Assert.Equal(229, status["delivered"].Long());
        Assert.Equal(1, status["deadLetterCount"]!.GetValue<int>());
        Assert.Equal(0, status["lag"].Long());
    }
}
