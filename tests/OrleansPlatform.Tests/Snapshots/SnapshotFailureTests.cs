using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>Snapshots are an optimisation: when their storage fails, appends and states carry on unchanged.</summary>
public sealed class SnapshotFailureTests : IAsyncLifetime
{
    private readonly PlatformHost _host = PlatformHost.Sqlite()
        .With("Platform:Snapshots:Every", "3")
        .WithServices(services => services.AddSingleton<ISnapshotStore>(sp =>
            new FailingStreamSnapshots(new SqliteSnapshotStore(sp.GetRequiredService<SqliteConnectionFactory>()))));

    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Appends_WhenSnapshotStorageFails_SucceedAndStatesStayRight()
    {
        var stream = NewStreamId("fail");
        for (var i = 1; i <= 10; i++)
        {
            var response = await _client.AppendAsync(stream, i - 1, Event("Numbered", new JsonObject { [$"k{i}"] = i }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        for (var version = 0; version <= 10; version++)
        {
            var state = await _client.GetJsonAsync($"/api/v1/streams/{stream}/state?version={version}");
            var expected = new JsonObject(Enumerable.Range(1, version).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)i)));
            Assert.True(JsonNode.DeepEquals(expected, state["state"]), state.ToJsonString());
        }

        Assert.True(FailingStreamSnapshots.Failures > 0, "the snapshot store was never asked, so this test proved nothing");
    }

    /// <summary>Fails every call about a caller's stream; the platform's own journals (ids starting with $) pass through.</summary>
    private sealed class FailingStreamSnapshots(ISnapshotStore inner) : ISnapshotStore
    {
        private static int _failures;

        public static int Failures => Volatile.Read(ref _failures);

        public Task<StoredSnapshot?> ReadLatestAsync(string streamId, long maxVersion, CancellationToken cancellationToken) =>
            IsJournal(streamId) ? inner.ReadLatestAsync(streamId, maxVersion, cancellationToken) : Fail<StoredSnapshot?>();

        public Task<StoredSnapshot?> ReadAtOrBeforeAsync(string streamId, string type, long maxVersion, DateTimeOffset? maxEventTime, CancellationToken cancellationToken) =>
            Fail<StoredSnapshot?>();

        public Task DeleteAsync(string streamId, string? exceptType, CancellationToken cancellationToken) => Fail<bool>();

        public Task<int> DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken) => Fail<int>();

        public Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken) =>
            IsJournal(snapshot.StreamId) ? inner.SaveAsync(snapshot, cancellationToken) : Fail<bool>();

        public Task<long> CompactBeforeAsync(string streamId, long version, CancellationToken cancellationToken) =>
            inner.CompactBeforeAsync(streamId, version, cancellationToken);

        private static bool IsJournal(string streamId) => streamId.StartsWith('$');

        private static Task<T> Fail<T>()
        {
            Interlocked.Increment(ref _failures);
            return Task.FromException<T>(new InvalidOperationException("snapshot storage is down"));
        }
    }
}
