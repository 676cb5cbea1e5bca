using System.Net;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Schemas;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Integrity;

/// <summary>
/// <c>Platform:Integrity:Checksums</c>: one SQLite data directory written by a Host with the default (on), then by one
/// restarted with it off. What the off Host stores carries no checksum, and verify says so instead of vouching for it.
/// </summary>
public sealed class ChecksumSwitchTests
{
    [Fact]
    public async Task ChecksumsOffAfterRestart_EventsStoredWithoutAndVerifyReportsTheMissingChecksum()
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        var chained = NewStreamId();
        await using (var on = PlatformHost.Sqlite(directory))
        {
            var client = await on.StartAsync();
            Assert.Equal(HttpStatusCode.Created, (await client.AppendJsonAsync(chained, """[{"type":"Noted","data":{"i":1}},{"type":"Noted","data":{"i":2}}]""")).StatusCode);

            Assert.All(await EventsAsync(client, chained), e => Assert.Matches("^[0-9a-f]{64}$", e["checksum"].Str()));
            Assert.Equal("""{"valid":true,"checked":2}""", (await client.GetJsonAsync($"/api/v1/streams/{chained}/verify")).ToJsonString());
        }

        await using var off = PlatformHost.Sqlite(directory).With("Platform:Integrity:Checksums", "false");
        var restarted = await off.StartAsync();
        var unchained = NewStreamId();
        Assert.Equal(HttpStatusCode.Created, (await restarted.AppendJsonAsync(chained, """[{"type":"Noted","data":{"i":3}}]""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await restarted.AppendJsonAsync(unchained, """[{"type":"Noted","data":{"i":1}},{"type":"Noted","data":{"i":2}}]""")).StatusCode);

        var continued = await EventsAsync(restarted, chained);
        Assert.NotNull(continued[1]["checksum"]);
        Assert.Null(continued[2]["checksum"]);
        Assert.Null(continued[2]["previousChecksum"]);
        Assert.All(await EventsAsync(restarted, unchained), e => Assert.Null(e["checksum"]));

        var broken = await restarted.GetJsonAsync($"/api/v1/streams/{chained}/verify");
        Assert.False(broken["valid"]!.GetValue<bool>());
        Assert.Equal(3, broken["brokenAt"].Long());
        Assert.Equal("checksum-missing", broken["reason"].Str());
        Assert.Contains("Platform:Integrity:Checksums off", broken["detail"].Str(), StringComparison.Ordinal);

        var never = await restarted.GetJsonAsync($"/api/v1/streams/{unchained}/verify");
        Assert.True(never["valid"]!.GetValue<bool>());
        Assert.Equal(0, never["checked"].Long());
        Assert.Equal(2, never["unverified"].Long());
        Assert.Contains("Platform:Integrity:Checksums off", never["detail"].Str(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonNode>> EventsAsync(HttpClient client, string stream) =>
        [.. (await client.GetJsonAsync($"/api/v1/streams/{stream}/events?limit=100"))["events"]!.AsArray().Select(e => e!)];
}
