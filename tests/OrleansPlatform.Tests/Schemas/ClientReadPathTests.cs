using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Tests.Client;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>
/// The typed .NET client is a read path too (issue 13): after an erasure its stream reads and its feed subscription
/// deliver the subject's events redacted, like every HTTP path.
/// </summary>
[Collection(PostgresErasureCollection.Name)]
public sealed class ClientReadPathTests(PostgresErasureFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task ErasedSubject_ReadsRedactedThroughTheClientsStreamReadAndFeedSubscription()
    {
        var (subject, stream, type) = ("person-" + Guid.NewGuid().ToString("N"), NewStreamId(), "ProfileSet" + Guid.NewGuid().ToString("N")[..8]);
        var appended = await platform.Client.AppendJsonAsync(stream,
            $$$"""[{"type":"{{{type}}}","data":{"name":"Ada"},"metadata":{"subject":"{{{subject}}}"}}]""");
        var position = (await appended.ProblemAsync(HttpStatusCode.Created))["position"].Long();
        Assert.Equal("""{"name":"Ada"}""", Assert.Single((await Store.ReadStreamAsync(stream)).Events).Data);

        Assert.Equal(HttpStatusCode.OK, (await platform.Client.DeleteAsync($"/api/v1/subjects/{subject}")).StatusCode);

        var read = Assert.Single((await Store.ReadStreamAsync(stream)).Events);
        Assert.True(read.Redacted);
        Assert.Equal("null", read.Data);
        var delivered = await SubscribeForOneAsync(position, type);
        Assert.True(delivered.Redacted);
        Assert.Equal("null", delivered.Data);
        Assert.Equal(read.EventId, delivered.EventId);
    }

    private async Task<RecordedEvent> SubscribeForOneAsync(long position, string type)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        RecordedEvent? received = null;
        await Store.SubscribeToAllAsync(position, (e, _) =>
        {
            received = e;
            stop.Cancel();
            return Task.CompletedTask;
        }, types: [type], cancellationToken: stop.Token);
        return received ?? throw new TimeoutException("The subscription delivered nothing within 30 s.");
    }
}
