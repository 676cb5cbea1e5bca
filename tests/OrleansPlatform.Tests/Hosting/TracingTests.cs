using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>A caller's W3C trace context reaches the grain that appends, and its correlation id comes back.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class TracingTests(SqlitePlatformFixture platform)
{
    [Fact]
    public async Task Append_WithTraceparent_GrainSpanJoinsTheCallersTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "OrleansPlatform.EventStore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/streams/{ApiClientExtensions.NewStreamId()}/events")
        {
            Content = new StringContent("""{"events":[{"type":"Traced","data":{}}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.Add("X-Correlation-Id", "corr-trace-test");

        var response = await platform.Client.SendAsync(request);
        var matching = await Eventually.MatchAsync(
            () => Task.FromResult(spans.Where(s => s.TraceId == traceId).ToList()), found => found.Count > 0);

        Assert.Equal("eventstore.append", matching[0].OperationName);
        Assert.Equal("corr-trace-test", response.Headers.GetValues("X-Correlation-Id").Single());
    }
}
