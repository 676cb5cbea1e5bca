using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Client.Integrity;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Tests.Schemas;

namespace OrleansPlatform.Tests.Client;

/// <summary>Stream and whole-log verification through the typed .NET client (issue 13).</summary>
[Collection(PostgresErasureCollection.Name)]
public sealed class IntegrityClientTests(PostgresErasureFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    private IIntegrity Integrity => _service.Services.GetRequiredService<IIntegrity>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task VerifyStreamAndLog_CleanStream_ValidWithTypedErrorsForUnknownIds()
    {
        var stream = "client-verify-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "Noted", """{"n":1}"""), new EventData(Guid.NewGuid(), "Noted", """{"n":2}""")]);

        var verified = await Integrity.VerifyStreamAsync(stream);
        var started = await Integrity.StartLogVerificationAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var completed = await Integrity.WaitForLogVerificationAsync(started.JobId, TimeSpan.FromMilliseconds(100), deadline.Token);

        Assert.Equal(new StreamVerification(true, 2, null), verified);
        Assert.Equal(LogVerificationStatus.Completed, completed.Status);
        // The collection's HTTP tests tamper a row of their own stream, so only this stream's verdict is this test's.
        Assert.NotNull(completed.Valid);
        Assert.DoesNotContain(completed.Broken, b => b.StreamId == stream);
        Assert.True(completed.EventsChecked >= 2);
        Assert.Equal(started.JobId, (await Integrity.GetLatestLogVerificationAsync())?.JobId);
        await Assert.ThrowsAsync<StreamNotFoundException>(() => Integrity.VerifyStreamAsync("client-verify-missing-" + Guid.NewGuid().ToString("N")));
        await Assert.ThrowsAsync<VerificationJobNotFoundException>(() => Integrity.GetLogVerificationAsync(Guid.NewGuid()));
    }
}
