using System.Net.Http.Json;
using OrleansPlatform.Cli;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class BusCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task TopicsPutPublishReadShow_Json_RoundTripsAnEvent()
    {
        var topic = $"cli-topic-{Guid.NewGuid():N}";

        var put = await fixture.RunAsync("topics", "put", topic, "--partitions", "1", "--json");
        var published = await fixture.RunAsync("topics", "publish", topic, "--key", "order-42", "--type", "OrderPlaced", "--data", """{"total":7}""", "--json");
        var read = await fixture.RunAsync("topics", "read", topic, "--partition", "0", "--json");
        var show = await fixture.RunAsync("topics", "show", topic, "--json");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (put.ExitCode, published.ExitCode, show.ExitCode));
        Assert.Equal(topic, published.Json()["topic"]!.GetValue<string>());
        var message = Assert.Single(read.Json()["events"]!.AsArray());
        Assert.Equal(7, message!["data"]!["total"]!.GetValue<int>());
        Assert.Equal(1, show.Json()["partitions"]!.GetValue<int>());
    }

    [Fact]
    public async Task TopicsListAndDescribe_Json_ListTheTopicsCreated()
    {
        var prefix = $"cli-list-{Guid.NewGuid():N}";
        await fixture.RunAsync("topics", "put", prefix + "-b", "--partitions", "2");
        await fixture.RunAsync("topics", "put", prefix + "-a", "--partitions", "1");

        var first = await fixture.RunAsync("topics", "list", "--after", prefix, "--limit", "1", "--json");
        var second = await fixture.RunAsync("topics", "list", "--after", first.Json()["next"]!.GetValue<string>(), "--limit", "1", "--json");
        var described = await fixture.RunAsync("topics", "describe", prefix + "-b", "--json");
        var table = await fixture.RunAsync("topics", "list", "--after", prefix, "--limit", "2");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (first.ExitCode, second.ExitCode, described.ExitCode));
        Assert.Equal(prefix + "-a", Assert.Single(first.Json()["items"]!.AsArray())!.GetValue<string>());
        Assert.Equal(prefix + "-b", Assert.Single(second.Json()["items"]!.AsArray())!.GetValue<string>());
        Assert.Equal(2, described.Json()["partitions"]!.GetValue<int>());
        Assert.Contains(prefix + "-b", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicsList_LimitOutOfRange_ExitsWithClientError()
    {
        var run = await fixture.RunAsync("topics", "list", "--limit", "0");

        Assert.Equal(ExitCodes.ClientError, run.ExitCode);
        Assert.StartsWith("error: 400 ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicsPublish_UnknownTopic_ExitsWithClientError()
    {
        var run = await fixture.RunAsync("topics", "publish", $"cli-missing-{Guid.NewGuid():N}", "--type", "X");

        Assert.Equal(ExitCodes.ClientError, run.ExitCode);
        Assert.StartsWith("error: 404 ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionsPullAckStatusSeekDeadLetters_Json_WorkAsTheApi()
    {
        var topic = $"cli-topic-{Guid.NewGuid():N}";
        var subscription = $"cli-sub-{Guid.NewGuid():N}";
        await fixture.RunAsync("topics", "put", topic, "--partitions", "1");
        var created = await fixture.RunAsync("subscriptions", "put", subscription, "--topic", topic, "--start-from", "earliest", "--json");
        await fixture.RunAsync("topics", "publish", topic, "--key", "k", "--type", "Ping");

        var pulled = await fixture.RunAsync("subscriptions", "pull", subscription, "--max", "10", "--wait", "10s", "--json");
        var message = Assert.Single(pulled.Json()["events"]!.AsArray())!;
        var ack = await fixture.RunAsync("subscriptions", "ack", subscription, "--partition", message["partition"]!.ToJsonString(), "--offset", message["offset"]!.ToJsonString());
        var status = await fixture.RunAsync("subscriptions", "status", subscription, "--json");
        var seek = await fixture.RunAsync("subscriptions", "seek", subscription, "--offset", "earliest");
        var again = await fixture.RunAsync("subscriptions", "pull", subscription, "--wait", "10s", "--json");
        var deadLetters = await fixture.RunAsync("subscriptions", "dead-letters", subscription, "--json");
        var redrive = await fixture.RunAsync("subscriptions", "redrive", subscription, "--json");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.Equal("Ping", message["type"]!.GetValue<string>());
        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (ack.ExitCode, seek.ExitCode));
        Assert.Equal(subscription, status.Json()["name"]!.GetValue<string>());
        Assert.Equal("Ping", Assert.Single(again.Json()["events"]!.AsArray())!["type"]!.GetValue<string>());
        Assert.Empty(deadLetters.Json()["deadLetters"]!.AsArray());
        Assert.Equal(ExitCodes.Success, redrive.ExitCode);
    }

    [Fact]
    public async Task SubscriptionsListAndDeleteDeadLetter_Json_ListsAndDropsTheDeadLetter()
    {
        var topic = $"cli-topic-{Guid.NewGuid():N}";
        var subscription = $"cli-dl-{Guid.NewGuid():N}";
        await fixture.RunAsync("topics", "put", topic, "--partitions", "1");
        await fixture.RunAsync("subscriptions", "put", subscription, "--topic", topic, "--start-from", "earliest", "--max-attempts", "1");
        await fixture.RunAsync("topics", "publish", topic, "--key", "k", "--type", "PaymentFailed");
        var message = Assert.Single((await fixture.RunAsync("subscriptions", "pull", subscription, "--wait", "10s", "--json")).Json()["events"]!.AsArray())!;
        // One attempt allowed and the consumer rejects it: the event is dead-lettered.
        (await fixture.Client.PostAsJsonAsync($"/api/v1/subscriptions/{subscription}/nack",
            new { partition = message["partition"]!.GetValue<int>(), offset = message["offset"]!.GetValue<long>(), error = "declined" })).EnsureSuccessStatusCode();
        var letters = await Eventually.MatchAsync(
            async () => (await fixture.RunAsync("subscriptions", "dead-letters", subscription, "--json")).Json()["deadLetters"]!.AsArray(),
            found => found.Count == 1, TimeSpan.FromSeconds(30));
        var id = letters[0]!["id"]!.GetValue<string>();

        var listed = await fixture.RunAsync("subscriptions", "list", "--after", subscription[..^1], "--limit", "1", "--json");
        var deleted = await fixture.RunAsync("subscriptions", "delete-dead-letter", subscription, id);
        var after = await fixture.RunAsync("subscriptions", "dead-letters", subscription, "--json");
        var again = await fixture.RunAsync("subscriptions", "delete-dead-letter", subscription, id);

        Assert.Equal(subscription, Assert.Single(listed.Json()["items"]!.AsArray())!.GetValue<string>());
        Assert.Equal(ExitCodes.Success, deleted.ExitCode);
        Assert.Empty(after.Json()["deadLetters"]!.AsArray());
        Assert.Equal(ExitCodes.ClientError, again.ExitCode);
    }

    [Fact]
    public async Task SubscriptionsSeek_WithoutPosition_IsAUsageError()
    {
        var run = await fixture.RunAsync("subscriptions", "seek", "any");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: give exactly one of --offset and --time", run.Error.Trim());
    }
}
