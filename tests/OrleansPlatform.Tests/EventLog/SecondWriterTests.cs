using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.EventLog;

/// <summary>
/// While membership changes, a stream can briefly have a second activation. Its writes land in the log behind the
/// first one's back: the first must notice on its next write (the log refuses the taken version), re-read, and never
/// acknowledge an append with versions other than the ones stored.
/// </summary>
public abstract class SecondWriterTests(PlatformHost host, HttpClient client)
{
    [Fact]
    public async Task Append_AfterAnotherWriterMovedTheStream_ExactExpectationIs409WithTheTrueVersion()
    {
        var stream = NewStreamId("second");
        await client.AppendAsync(stream, 0, Event("First", new { }));
        await host.AppendRawAsync(stream, 1, "ByTheOtherActivation");

        var response = await client.AppendAsync(stream, 1, Event("Stale", new { }));
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(2, problem["actualVersion"].Long());
    }

    [Fact]
    public async Task Append_AfterAnotherWriterMovedTheStream_AnyLandsAfterItWithTheStoredVersion()
    {
        var stream = NewStreamId("second");
        await client.AppendAsync(stream, 0, Event("First", new { }));
        await host.AppendRawAsync(stream, 1, "ByTheOtherActivation");
        var eventId = Guid.NewGuid();

        var response = await client.AppendAsync(stream, "any", Event("Later", new { }, eventId));
        var result = await response.Content.ReadFromJsonAsync<AppendResult>();
        var stored = await client.GetJsonAsync($"/api/v1/streams/{stream}/events");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, result!.FirstVersion);
        Assert.Equal(eventId.ToString(), stored["events"]![2]!["eventId"].Str());
        Assert.Equal(3, stored["version"].Long());
    }

}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSecondWriterTests(SqlitePlatformFixture fixture) : SecondWriterTests(fixture.Host, fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSecondWriterTests(PostgresPlatformFixture fixture) : SecondWriterTests(fixture.Host, fixture.Client);
