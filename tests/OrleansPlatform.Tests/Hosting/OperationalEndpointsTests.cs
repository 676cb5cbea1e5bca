using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>The operational surface of api.md: health, metrics, OpenAPI, API reference and dashboard.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class OperationalEndpointsTests(SqlitePlatformFixture platform)
{
    [Theory]
    [InlineData("/health/live", "Healthy")]
    [InlineData("/health/ready", "Healthy")]
    [InlineData("/openapi/v1.json", "/api/v1/streams/{streamId}/events")]
    [InlineData("/scalar/v1", "<html")]
    [InlineData("/dashboard/", "<html")]
    public async Task Endpoint_Responds200WithExpectedContent(string path, string expected)
    {
        var response = await platform.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Metrics_AfterAnAppend_ExposeEventLogCounters()
    {
        await platform.Client.AppendAsync(ApiClientExtensions.NewStreamId(), 0, ApiClientExtensions.Event("Measured", new { }));

        var text = await OrleansPlatform.Tests.Infrastructure.Eventually.MatchAsync(
            () => platform.Client.GetStringAsync("/metrics"),
            body => body.Contains("platform_eventlog_events_written", StringComparison.Ordinal));

        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterPublishPullAndAck_ExposeBusCountersAndLagPerPartition()
    {
        var client = platform.Client;
        var topic = await OrleansPlatform.Tests.Bus.BusApiExtensions.CreateTopicAsync(client, 1);
        var sub = await OrleansPlatform.Tests.Bus.BusApiExtensions.CreateSubscriptionAsync(client, topic, new { type = "pull" });
        await OrleansPlatform.Tests.Bus.BusApiExtensions.PublishAsync(client, topic, [("k", "Measured", new { }), ("k", "Measured", new { })]);
        var pulled = await OrleansPlatform.Tests.Bus.BusApiExtensions.PullAsync(client, sub, 1, "5s");
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = pulled[0]["offset"].Long() });

        // One of the two events is still owed: the pull partition reports a lag of 1 and one delivery.
        var text = await OrleansPlatform.Tests.Infrastructure.Eventually.MatchAsync(
            () => client.GetStringAsync("/metrics"),
            body => body.Contains($"subscription_partition=\"{sub}/0\"}} 1", StringComparison.Ordinal));

        Assert.Contains($"platform_bus_published_total{{otel_scope_name=\"OrleansPlatform.Bus\",topic=\"{topic}\"}} 2", text, StringComparison.Ordinal);
        Assert.Contains($"platform_bus_delivered_total{{otel_scope_name=\"OrleansPlatform.Bus\",subscription=\"{sub}\"}} 1", text, StringComparison.Ordinal);
    }
}
