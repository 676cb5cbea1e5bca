using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>
/// Long subscription journals are snapshotted beside the journal and compacted behind it, and a re-activated
/// partition resumes from the snapshot intact.
/// </summary>
public abstract class SubscriptionSnapshotTests(PlatformHost host, HttpClient client)
{
    [Fact]
    public async Task Reactivation_AfterSnapshots_RestoresCheckpointCountsAndDeadLetters()
    {
        var topic = TopicApiTests.NewTopic();
        var sub = "snap-" + Guid.NewGuid().ToString("N")[..10];
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 });
        await client.PutAsJsonAsync($"/api/v1/subscriptions/{sub}", new { topic, delivery = new { type = "pull" }, startFrom = "earliest", maxAttempts = 1 });
        await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events = Enumerable.Range(0, 450).Select(i => new { key = "k", type = "Snap", data = new { i } }).ToArray() });

        // The consumer gives up on the first event (dead-lettered, maxAttempts 1), takes the rest of the batch again,
        // and acknowledges event by event: one journal entry each, so snapshots are taken (one per 200 entries).
        await client.PostAsync($"/api/v1/subscriptions/{sub}/pull?max=1000&wait=5s", null);
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = 0, error = "poison" });
        await client.PostAsync($"/api/v1/subscriptions/{sub}/pull?max=1000", null);
        for (var offset = 1; offset < 450; offset++)
        {
            await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset });
        }

        var journalId = $"$sub:{sub}:0";
        var snapshot = await host.Service<ISnapshotStore>().ReadLatestAsync(journalId, long.MaxValue, CancellationToken.None);
        var oldest = await host.Service<IEventLog>().ReadStreamAsync(journalId, 1, 1, ReadDirection.Forward, CancellationToken.None);
        await host.Service<IClusterClient>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");

        Assert.Equal("SubscriptionSnapshot.v1", snapshot?.Type);
        Assert.True(snapshot!.Version >= 400, $"snapshot at {snapshot.Version}");
        // Compaction keeps the entries since the previous snapshot only: the journal no longer starts at version 1.
        Assert.True(oldest[0].Version >= 200, $"oldest journal entry at {oldest[0].Version}");
        Assert.Equal(450, status["partitions"]![0]!["checkpoint"].Long());
        Assert.Equal(449, status["delivered"].Long());
        Assert.Equal(1, status["deadLetterCount"]!.GetValue<int>());
        Assert.Equal(0, status["lag"].Long());
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSubscriptionSnapshotTests(SqlitePlatformFixture fixture) : SubscriptionSnapshotTests(fixture.Host, fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSubscriptionSnapshotTests(PostgresPlatformFixture fixture) : SubscriptionSnapshotTests(fixture.Host, fixture.Client);
