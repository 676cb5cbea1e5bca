using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Client.Schemas;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Schemas;
using OrleansPlatform.Tests.Schemas;

namespace OrleansPlatform.Tests.Client;

/// <summary>Schemas, upcasts, raw reads and erasure through the typed .NET client (issue 13), against a cluster with a master key.</summary>
[Collection(PostgresErasureCollection.Name)]
public sealed class SchemasClientTests(PostgresErasureFixture platform) : IAsyncLifetime
{
    private const string V1 = """{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}""";
    private const string V2 = """{"type":"object","properties":{"total":{"type":"number"},"currency":{"type":"string"}},"required":["total","currency"]}""";

    private IHost _service = null!;

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    private ISchemas Schemas => _service.Services.GetRequiredService<ISchemas>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task RegisterAndGet_UpcastReadsLatestAndRawReadsAsStored()
    {
        var type = NewType();
        var stream = "client-schema-" + Guid.NewGuid().ToString("N");
        Assert.True((await Schemas.RegisterAsync(type, new RegisterSchemaRequest(1, V1, null))).Created);
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), type, """{"amount":5}""")]);

        await Schemas.RegisterAsync(type, new RegisterSchemaRequest(2, V2, new SchemaUpcast(1, """[{"rename":{"/amount":"/total"}},{"default":{"/currency":"EUR"}}]""")));
        var versions = await Schemas.GetAsync(type);
        var read = (await Store.ReadStreamAsync(stream)).Events.Single();
        var raw = (await Store.ReadStreamRawAsync(stream)).Events.Single();
        var feedRaw = (await Store.ReadAllAsync(new ReadAllRequest(raw.Position, 1, [type], Raw: true))).Events.Single();

        Assert.Equal([1, 2], versions.Select(v => v.Version).ToArray());
        Assert.Equal((2, """{"total":5,"currency":"EUR"}"""), (read.SchemaVersion, read.Data));
        Assert.Equal((1, """{"amount":5}"""), (raw.SchemaVersion, raw.Data));
        Assert.Equal(raw.Data, feedRaw.Data);
        Assert.Equal(read.Data, (await FirstDeliveredAsync(raw.Position, type)).Data);
        Assert.Empty(await Schemas.GetAsync(NewType()));
    }

    [Fact]
    public async Task InvalidAppend_ThrowsValidationByPointer_AndBreakingVersion_ThrowsConflict()
    {
        var type = NewType();
        var stream = "client-schema-" + Guid.NewGuid().ToString("N");
        await Schemas.RegisterAsync(type, new RegisterSchemaRequest(1, V1, null));
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), type, """{"amount":5}""")]);

        var invalid = await Assert.ThrowsAsync<PlatformValidationException>(() => Store.AppendAsync(
            stream, ExpectedVersion.Any, [new EventData(Guid.NewGuid(), type, """{"amount":1}"""), new EventData(Guid.NewGuid(), type, """{"amount":"x"}""")]));
        await Assert.ThrowsAsync<PlatformConflictException>(() => Schemas.RegisterAsync(type, new RegisterSchemaRequest(2, V2, null)));

        var versions = await Schemas.GetAsync(type);

        Assert.Equal(["/events/1/data/amount"], invalid.Errors.Keys.ToArray());
        Assert.Equal([1], versions.Select(v => v.Version).ToArray());
    }

    [Fact]
    public async Task EraseSubject_EventsReadRedacted()
    {
        var subject = "client-subject-" + Guid.NewGuid().ToString("N");
        var stream = "client-erase-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "T", """{"name":"Ada"}""", $$"""{"subject":"{{subject}}"}""")]);
        Assert.Equal("""{"name":"Ada"}""", (await Store.ReadStreamAsync(stream)).Events.Single().Data);

        var erasure = await Schemas.EraseSubjectAsync(subject);
        var again = await Schemas.EraseSubjectAsync(subject);
        var read = (await Store.ReadStreamAsync(stream)).Events.Single();

        Assert.Equal(subject, erasure.SubjectId);
        Assert.Equal(erasure.ErasedAt, again.ErasedAt);
        Assert.True(read.Redacted);
        Assert.Equal("null", read.Data);
    }

    /// <summary>The first event a .NET subscription to the feed delivers from <paramref name="position"/>.</summary>
    private async Task<RecordedEvent> FirstDeliveredAsync(long position, string type)
    {
        var delivered = new TaskCompletionSource<RecordedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var subscription = Store.SubscribeToAllAsync(position, (e, _) =>
        {
            delivered.TrySetResult(e);
            return Task.CompletedTask;
        }, types: [type], cancellationToken: stop.Token);
        var first = await delivered.Task.WaitAsync(stop.Token);
        await stop.CancelAsync();
        await subscription;
        return first;
    }

    private static string NewType() => "ClientSchema" + Guid.NewGuid().ToString("N")[..10];
}
