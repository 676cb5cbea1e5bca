using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OrleansPlatform.Grains.Snapshots;
using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Schemas;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;
using static OrleansPlatform.Tests.Schemas.SchemaApiExtensions;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>Stream state folded from snapshots (issue 12) answers exactly what a full fold answers, once per backend.</summary>
public abstract class StreamSnapshotTests(PlatformHost host, HttpClient client)
{
    private const int Every = SnapshotHosts.Every;

    private ISnapshotStore Store => host.Service<ISnapshotStore>();

    private string SnapshotType => host.Service<StreamStates>().SnapshotType!;

    [Fact]
    public async Task State_AtEveryVersionAndTime_EqualsTheFullFold()
    {
        var seed = Random.Shared.Next();
        var stream = NewStreamId("prop");
        var events = await RandomStream.AppendAsync(client, stream, new Random(seed), 48);
        await WaitForSnapshotAsync(stream, 45);

        await AssertEveryStateAsync(stream, events, $"seed {seed}");
    }

    [Fact]
    public async Task State_AfterSnapshotsDeleted_AnswersTheSame()
    {
        var seed = Random.Shared.Next();
        var stream = NewStreamId("del");
        var events = await RandomStream.AppendAsync(client, stream, new Random(seed), 23);
        await WaitForSnapshotAsync(stream, 20);

        await Store.DeleteAsync(stream, null, CancellationToken.None);

        Assert.Null(await Store.ReadAtOrBeforeAsync(stream, SnapshotType, long.MaxValue, null, CancellationToken.None));
        await AssertEveryStateAsync(stream, events, $"seed {seed}");
    }

    [Fact]
    public async Task State_AboveASnapshot_StartsFromIt()
    {
        var stream = NewStreamId("start");
        await AppendNumberedAsync(stream, 12);
        var taken = await WaitForSnapshotAsync(stream, 10);
        // A planted body no fold could produce shows which answers start from the snapshot.
        await Store.SaveAsync(taken with { Data = """{"state":{"planted":true},"subjects":[]}""" }, CancellationToken.None);

        var above = await StateAsync(stream, "version=11");
        var below = await StateAsync(stream, "version=9");

        Assert.Equal("""{"planted":true,"k11":11}""", above["state"]!.ToJsonString());
        Assert.Equal(11, above["version"].Long());
        Assert.Null(below["state"]!["planted"]);
        Assert.Equal(9, below["state"]!.AsObject().Count);
    }

    [Fact]
    public async Task State_AfterSubjectErased_HoldsNoPlaintextFromASnapshot()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        var secret = "Ada-" + Guid.NewGuid().ToString("N");
        var stream = NewStreamId("erase");
        var appended = await client.AppendJsonAsync(stream, $$$"""[{"type":"ProfileSet","data":{"name":"{{{secret}}}"},"metadata":{"subject":"{{{subject}}}"}}]""");
        await appended.ProblemAsync(HttpStatusCode.Created);
        await AppendNumberedAsync(stream, 6);
        var taken = await WaitForSnapshotAsync(stream, 5);
        Assert.Contains(secret, taken.Data, StringComparison.Ordinal);

        var erased = await client.DeleteAsync($"/api/v1/subjects/{subject}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var left = await Store.ReadAtOrBeforeAsync(stream, SnapshotType, long.MaxValue, null, CancellationToken.None);
        Assert.DoesNotContain(secret, left?.Data ?? "", StringComparison.Ordinal);
        for (var version = 0; version <= 7; version++)
        {
            Assert.DoesNotContain(secret, (await StateAsync(stream, $"version={version}")).ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(6, (await StateAsync(stream, "version=7"))["state"]!.AsObject().Count);
    }

    [Fact]
    public async Task State_SnapshotNamingAnErasedSubject_IsNeverServed()
    {
        var subject = "person-" + Guid.NewGuid().ToString("N");
        var stream = NewStreamId("late");
        await AppendNumberedAsync(stream, 6);
        var taken = await WaitForSnapshotAsync(stream, 5);
        (await client.DeleteAsync($"/api/v1/subjects/{subject}")).EnsureSuccessStatusCode();

        // As if saved by a fold that read the plaintext while the erasure ran.
        await Store.SaveAsync(taken with { Data = $$"""{"state":{"name":"leaked"},"subjects":["{{subject}}"]}""", Subjects = [subject] }, CancellationToken.None);
        var state = await StateAsync(stream, "version=6");

        Assert.True(JsonNode.DeepEquals(NumberedState(6), state["state"]), state.ToJsonString());
    }

    [Fact]
    public async Task State_AfterAnUpcastRegistered_ReflectsIt()
    {
        var type = NewType("Priced");
        await client.RegisterAsync(type, 1, ObjectSchema(["amount"], ("amount", "number")));
        var stream = NewStreamId("upcast");
        for (var i = 1; i <= 7; i++)
        {
            await (await client.AppendJsonAsync(stream, $$$"""[{"type":"{{{type}}}","data":{"amount":{{{i}}}}}]""")).ProblemAsync(HttpStatusCode.Created);
        }

        await WaitForSnapshotAsync(stream, 5);
        Assert.Equal("""{"amount":6}""", (await StateAsync(stream, "version=6"))["state"]!.ToJsonString());

        await client.RegisterAsync(type, 2, ObjectSchema(["total"], ("total", "number")), 1, """[{"rename":{"/amount":"/total"}}]""");

        for (var version = 5; version <= 7; version++)
        {
            Assert.Equal($$"""{"total":{{version}}}""", (await StateAsync(stream, $"version={version}"))["state"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task WhatIf_WithoutAnEventBehindASnapshot_LeavesItOut()
    {
        var stream = NewStreamId("whatif");
        var ids = await AppendNumberedAsync(stream, 12);
        await WaitForSnapshotAsync(stream, 10);

        foreach (var removed in new[] { 3, 10, 12 })
        {
            var response = await client.PostJsonAsync($"/api/v1/streams/{stream}/what-if", $$"""{"at":{"version":12},"without":["{{ids[removed - 1]}}"]}""");
            var body = await response.ProblemAsync(HttpStatusCode.OK);

            var expected = NumberedState(12);
            expected.Remove($"k{removed}");
            Assert.True(JsonNode.DeepEquals(expected, body["hypothetical"]), $"without event {removed}: {body["hypothetical"]!.ToJsonString()}");
            Assert.Equal([new JsonObject { ["op"] = "remove", ["path"] = $"/k{removed}" }.ToJsonString()], body["diff"]!.AsArray().Select(op => op!.ToJsonString()));
        }
    }

    private async Task AssertEveryStateAsync(string stream, IReadOnlyList<JsonNode> events, string context)
    {
        for (var version = 0; version <= events.Count; version++)
        {
            var actual = await StateAsync(stream, $"version={version}");
            var expected = RandomStream.UpTo(events, version);
            Assert.True(JsonNode.DeepEquals(expected, actual["state"]), $"{context}, version {version}: expected {expected.ToJsonString()}, got {actual["state"]!.ToJsonString()}");
            Assert.Equal(version, actual["version"].Long());
        }

        foreach (var time in RandomStream.Times(events))
        {
            var actual = await StateAsync(stream, "at=" + Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture)));
            var (version, expected) = RandomStream.At(events, time);
            Assert.True(JsonNode.DeepEquals(expected, actual["state"]), $"{context}, at {time:O}: expected {expected.ToJsonString()}, got {actual["state"]!.ToJsonString()}");
            Assert.Equal(version, actual["version"].Long());
        }
    }

    /// <summary>Appends events whose data is <c>{"kN":N}</c> (N the version within this call), one append each; returns their ids.</summary>
    private async Task<List<Guid>> AppendNumberedAsync(string stream, int count)
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            var id = Guid.NewGuid();
            await (await client.AppendAsync(stream, "any", Event("Numbered", new JsonObject { [$"k{i}"] = i }, id))).ProblemAsync(HttpStatusCode.Created);
            ids.Add(id);
        }

        return ids;
    }

    private static JsonObject NumberedState(int count) =>
        new(Enumerable.Range(1, count).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)i)));

    private Task<JsonObject> StateAsync(string stream, string query) => client.GetJsonAsync($"/api/v1/streams/{stream}/state?{query}");

    /// <summary>Waits for the snapshot at <paramref name="version"/>, taken in the background after the appends.</summary>
    private async Task<StoredSnapshot> WaitForSnapshotAsync(string stream, long version)
    {
        var found = await Eventually.MatchAsync(
            async () => host.Service<StreamStates>().SnapshotType is { } type
                ? await Store.ReadAtOrBeforeAsync(stream, type, version, null, CancellationToken.None)
                : null,
            s => s?.Version == version,
            TimeSpan.FromSeconds(30));
        return found!;
    }
}

[Collection(SqliteSnapshotCollection.Name)]
public sealed class SqliteStreamSnapshotTests(SqliteSnapshotFixture fixture) : StreamSnapshotTests(fixture.Host, fixture.Client);

[Collection(PostgresSnapshotCollection.Name)]
public sealed class PostgresStreamSnapshotTests(PostgresSnapshotFixture fixture) : StreamSnapshotTests(fixture.Host, fixture.Client);
