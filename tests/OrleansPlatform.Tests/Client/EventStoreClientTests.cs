using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Client;

/// <summary>The typed .NET client used as another service would: its own host, connected to the cluster's gateway.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class EventStoreClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task AppendAndRead_RoundTripsEventsWithVersions()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");

        var result = await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("Placed", """{"total":3}""")]);
        var slice = await Store.ReadStreamAsync(stream);
        var info = await Store.GetStreamAsync(stream);

        Assert.Equal(1, result.LastVersion);
        Assert.Equal("""{"total":3}""", Assert.Single(slice.Events).Data);
        Assert.Equal(1, info!.Version);
    }

    [Fact]
    public async Task DeleteStream_SoftThenHard_HidesThenErases_WithTypedExceptions()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("A"), Data("B")]);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.DeleteStreamAsync(stream, expected: ExpectedVersion.Exactly(1)));
        await Store.DeleteStreamAsync(stream, expected: ExpectedVersion.Exactly(2));
        await Assert.ThrowsAsync<StreamNotFoundException>(() => Store.ReadStreamAsync(stream));
        Assert.Null(await Store.GetStreamAsync(stream));

        await Store.DeleteStreamAsync(stream, hard: true);
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.AppendAsync(stream, ExpectedVersion.Any, [Data("C")]));
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.DeleteStreamAsync(stream, hard: true));
        var again = await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("C")]);
        Assert.Equal(1, again.FirstVersion);
        Assert.Equal("C", Assert.Single((await Store.ReadStreamAsync(stream)).Events).Type);
    }

    [Fact]
    public async Task Append_WrongExpectedVersion_ThrowsTypedExceptionWithVersions()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("A")]);

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(7), [Data("B")]));

        Assert.Equal("7", error.ExpectedVersion);
        Assert.Equal(ExpectedVersion.Exactly(7), error.Expected);
        Assert.Equal(1, error.ActualVersion);
    }

    [Fact]
    public async Task Append_StreamExistsOnMissingStream_ExceptionKeepsTheNamedCondition()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendAsync(stream, ExpectedVersion.StreamExists, [Data("A")]));

        Assert.Equal(ExpectedVersion.StreamExists, error.Expected);
        Assert.False(error.Expected.IsExact);
        Assert.Equal("exists", error.ExpectedVersion);
        Assert.Equal(0, error.ActualVersion);
    }

    [Fact]
    public async Task Read_MissingStream_ThrowsStreamNotFound()
    {
        await Assert.ThrowsAsync<StreamNotFoundException>(() => Store.ReadStreamAsync("client-missing-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task Append_InvalidInput_ThrowsValidationBeforeSending()
    {
        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Store.AppendAsync("bad id", ExpectedVersion.Any, [Data("A", "[1]")]));

        Assert.Contains("streamId", error.Errors.Keys);
    }

    [Fact]
    public async Task SubscribeToAll_DeliversInOrderAndCheckpoints()
    {
        var type = "Sub" + Guid.NewGuid().ToString("N");
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data(type, """{"n":1}"""), Data(type, """{"n":2}""")]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<RecordedEvent>();
        long checkpoint = -1;

        var subscription = Store.SubscribeToAllAsync(0, (e, _) =>
        {
            received.Add(e);
            if (received.Count == 3)
            {
                stop.Cancel();
            }

            return Task.CompletedTask;
        }, (position, _) =>
        {
            checkpoint = position;
            return Task.CompletedTask;
        }, [type], stop.Token);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [Data(type, """{"n":3}""")]);
        await subscription;

        Assert.Equal([1L, 2L, 3L], received.Select(e => e.Version));
        Assert.True(checkpoint > received[1].Position);
    }

    private static EventData Data(string type, string json = "{}") => new(Guid.NewGuid(), type, json);
}
