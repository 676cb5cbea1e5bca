using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.EventLog;

/// <summary>A host whose event log fails on demand, for the journaled grains' behaviour under storage faults.</summary>
public sealed class FaultyStorageFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite().WithServices(services =>
    {
        services.AddSingleton(sp => new FaultInjectingEventLog(new SqliteEventLog(sp.GetRequiredService<SqliteConnectionFactory>())));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<FaultInjectingEventLog>());
    });

    public HttpClient Client { get; private set; } = null!;

    public FaultInjectingEventLog Log => Host.Service<FaultInjectingEventLog>();

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        // A hang must fail the test, not stall the run.
        Client = Host.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(30);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FaultyStorageCollection : ICollectionFixture<FaultyStorageFixture>
{
    public const string Name = "Journaled grains with faulty storage";
}

/// <summary>
/// Storage faults end a grain call with a 503 instead of hanging it, leave the grain usable once storage is back, and
/// a write whose outcome was lost is recognised when retried, never applied twice.
/// </summary>
[Collection(FaultyStorageCollection.Name)]
public sealed class JournalFaultTests(FaultyStorageFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Append_WhileStorageIsDown_Answers503ThenWorksOnceBack()
    {
        var stream = "fault-" + Guid.NewGuid().ToString("N");
        await AppendAsync(stream, 0, Guid.NewGuid());
        fixture.Log.Inject(InjectedFault.Down, s => s == stream);

        var failed = await AppendAsync(stream, 1, Guid.NewGuid());
        var readWhileDown = await Client.GetAsync($"/api/v1/streams/{stream}");
        fixture.Log.Heal();
        var recovered = await AppendAsync(stream, 1, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.InternalServerError, readWhileDown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, recovered.StatusCode);
        Assert.Equal(2, (await recovered.Content.ReadFromJsonAsync<AppendResult>())!.FirstVersion);
    }

    [Fact]
    public async Task Append_AfterALostCommitOutcome_RetryReturnsTheOriginalAndAppendsNothing()
    {
        var stream = "fault-" + Guid.NewGuid().ToString("N");
        var eventId = Guid.NewGuid();
        fixture.Log.Inject(InjectedFault.AfterCommit, s => s == stream);

        var lost = await AppendAsync(stream, 0, eventId);
        fixture.Log.Heal();
        var retried = await AppendAsync(stream, 0, eventId);
        var page = await Client.GetJsonAsync($"/api/v1/streams/{stream}/events");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, page["version"].Long());
    }

    [Fact]
    public async Task SubscriptionPut_AfterALostCommitOutcome_RetryIsRecognisedNotJournaledTwice()
    {
        var topic = TopicApiTests.NewTopic();
        var subscription = "fault-" + Guid.NewGuid().ToString("N")[..12];
        var definition = new { topic, delivery = new { type = "pull" }, startFrom = "earliest" };
        (await Client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2 })).EnsureSuccessStatusCode();
        fixture.Log.Inject(InjectedFault.AfterCommit, s => s == $"$sub-def:{subscription}");

        var lost = await Client.PutAsJsonAsync($"/api/v1/subscriptions/{subscription}", definition);
        fixture.Log.Heal();
        var retried = await Client.PutAsJsonAsync($"/api/v1/subscriptions/{subscription}", definition);
        var journal = await fixture.Host.Service<IEventLog>().ReadStreamAsync($"$sub-def:{subscription}", 1, 10, ReadDirection.Forward, CancellationToken.None);
        var status = await Client.GetAsync($"/api/v1/subscriptions/{subscription}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        // The first PUT did create it: the retry finds it and changes nothing.
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(journal);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    private Task<HttpResponseMessage> AppendAsync(string stream, long expectedVersion, Guid eventId) =>
        Client.PostAsJsonAsync($"/api/v1/streams/{stream}/events", new
        {
            expectedVersion,
            events = new[] { new { eventId, type = "Faulted", data = new { at = expectedVersion } } },
        });
}
