using System.Net;
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
}
