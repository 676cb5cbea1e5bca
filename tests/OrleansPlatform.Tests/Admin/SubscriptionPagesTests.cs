using System.Net.Http.Json;
using System.Text.Json;
using OrleansPlatform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class SubscriptionPagesTests(AdminUiFixture ui)
{
    [Fact]
    public async Task DeadLetter_RedrivenFromTheUi_LeavesTheQueueAndIsDeliveredAgain()
    {
        var (subscription, eventId) = await DeadLetterOneAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);

        await page.ClickAsync("nav >> text=Topics & subscriptions");
        await Expect(page.Locator($"#subscriptions tr[data-subscription='{subscription}']")).ToContainTextAsync("1");
        await ui.ScreenshotAsync(page, "subscriptions");
        await page.ClickAsync($"#subscriptions >> text={subscription}");
        await Expect(page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#dead-letters tbody tr")).ToContainTextAsync("PaymentFailed");
        await Expect(page.Locator("#partitions tbody tr")).ToHaveCountAsync(2);
        await ui.ScreenshotAsync(page, "subscription");

        await page.ClickAsync("#dead-letters .redrive");

        await Expect(page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-stat='dead-letters'] .stat-value")).ToHaveTextAsync("0");
        var redelivered = await Eventually.MatchAsync(
            async () => await ui.Api.PostAsync($"/api/v1/subscriptions/{subscription}/pull?max=10&wait=1s", null),
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.Contains(eventId, await redelivered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetter_DeletedFromTheUi_IsGone()
    {
        var (subscription, _) = await DeadLetterOneAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync($"/admin/subscriptions/{subscription}");
        await Expect(page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(1);

        await page.ClickAsync("#dead-letters .delete");

        await Expect(page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(0);
        var letters = await ui.Api.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscription}/dead-letters");
        Assert.Equal(0, letters.GetProperty("deadLetters").GetArrayLength());
    }

    [Fact]
    public async Task SubscriptionPage_AsReader_ShowsDeadLettersButNoControls()
    {
        var (subscription, _) = await DeadLetterOneAsync();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync($"/admin/subscriptions/{subscription}");

        await Expect(page.Locator("#dead-letters tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Seek_ToEarliestFromTheUi_ReplaysAndTheLagShowsItWithoutAReload()
    {
        var topic = "ui-seek-" + Guid.NewGuid().ToString("N")[..8];
        var subscription = "ui-seek-sub-" + Guid.NewGuid().ToString("N")[..8];
        (await ui.Api.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();
        (await ui.Api.PutAsJsonAsync($"/api/v1/subscriptions/{subscription}", new { topic, delivery = new { type = "pull" }, startFrom = "earliest" })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, 3).Select(i => new { key = "order-42", type = "OrderPlaced", data = new { n = i } }).ToArray();
        (await ui.Api.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events })).EnsureSuccessStatusCode();
        var pulled = await Eventually.MatchAsync(
            async () => await (await ui.Api.PostAsync($"/api/v1/subscriptions/{subscription}/pull?max=10&wait=1s", null)).Content.ReadFromJsonAsync<JsonElement>(),
            body => body.GetProperty("events").GetArrayLength() == 3, TimeSpan.FromSeconds(30));
        var last = pulled.GetProperty("events")[2];
        (await ui.Api.PostAsJsonAsync($"/api/v1/subscriptions/{subscription}/ack", new { partition = 0, offset = last.GetProperty("offset").GetInt64() })).EnsureSuccessStatusCode();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync($"/admin/subscriptions/{subscription}");
        await Expect(page.Locator("[data-stat='lag'] .stat-value")).ToHaveTextAsync("0");

        await page.FillAsync("#seek-to", "earliest");
        await page.ClickAsync("#seek");

        await Expect(page.Locator("[data-stat='lag'] .stat-value")).ToHaveTextAsync("3");
        await Expect(page.Locator("#partitions tbody tr").First).ToContainTextAsync("3");
        var replayed = await Eventually.MatchAsync(
            async () => await (await ui.Api.PostAsync($"/api/v1/subscriptions/{subscription}/pull?max=10&wait=1s", null)).Content.ReadFromJsonAsync<JsonElement>(),
            body => body.GetProperty("events").GetArrayLength() == 3, TimeSpan.FromSeconds(30));
        Assert.Equal(0, replayed.GetProperty("events")[0].GetProperty("data").GetProperty("n").GetInt32());
        await ui.ScreenshotAsync(page, "subscription-seek");
    }

    [Fact]
    public async Task ParkedKey_AFailingWebhookEvent_IsListedWithTheEventsWaitingBehindIt()
    {
        await using var webhook = await ParticipantServer.StartAsync();
        webhook.Respond = _ => new ParticipantReply(500);
        var topic = "ui-parked-" + Guid.NewGuid().ToString("N")[..8];
        var subscription = "ui-parked-sub-" + Guid.NewGuid().ToString("N")[..8];
        (await ui.Api.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();
        (await ui.Api.PutAsJsonAsync($"/api/v1/subscriptions/{subscription}", new
        {
            topic, delivery = new { type = "webhook", url = webhook.Url("/hook") }, startFrom = "earliest", maxAttempts = 100,
            backoff = new { initial = "00:00:00.100", multiplier = 2, max = "00:00:01" },
        })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, 3).Select(i => new { key = "order-7", type = "OrderPlaced", data = new { n = i } }).ToArray();
        (await ui.Api.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events })).EnsureSuccessStatusCode();

        // The key's first event keeps failing, so the other two wait behind it (per-key order).
        var parked = await Eventually.MatchAsync(
            async () => (await ui.Api.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscription}")).GetProperty("partitions")[0].GetProperty("parkedKeys"),
            keys => keys.GetArrayLength() == 1 && keys[0].GetProperty("attempts").GetInt32() >= 2 && keys[0].GetProperty("waiting").GetInt32() == 2,
            TimeSpan.FromSeconds(30));
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync($"/admin/subscriptions/{subscription}");

        Assert.Equal(("order-7", 0L), (parked[0].GetProperty("key").GetString(), parked[0].GetProperty("offset").GetInt64()));
        await Expect(page.Locator("#parked-keys tr[data-key='order-7']")).ToBeVisibleAsync();
        webhook.Respond = _ => ParticipantReply.Ok();
        await Expect(page.Locator("#parked-keys")).ToHaveCountAsync(0);
        await Eventually.MatchAsync(
            async () => (await ui.Api.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscription}")).GetProperty("delivered").GetInt64(),
            delivered => delivered == 3, TimeSpan.FromSeconds(30));
    }

    /// <summary>A pull subscription whose one event the consumer rejected once, with one attempt allowed: dead-lettered.</summary>
    private async Task<(string Subscription, string EventId)> DeadLetterOneAsync()
    {
        var topic = "ui-payments-" + Guid.NewGuid().ToString("N")[..8];
        var subscription = "ui-billing-" + Guid.NewGuid().ToString("N")[..8];
        var eventId = Guid.NewGuid().ToString();
        (await ui.Api.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2 })).EnsureSuccessStatusCode();
        (await ui.Api.PutAsJsonAsync($"/api/v1/subscriptions/{subscription}", new
        {
            topic, delivery = new { type = "pull" }, startFrom = "earliest", maxAttempts = 1,
        })).EnsureSuccessStatusCode();
        (await ui.Api.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "order-42", type = "PaymentFailed", data = new { total = 42 }, eventId })).EnsureSuccessStatusCode();
        var pulled = await Eventually.MatchAsync(
            async () => await (await ui.Api.PostAsync($"/api/v1/subscriptions/{subscription}/pull?max=1&wait=1s", null)).Content.ReadFromJsonAsync<JsonElement>(),
            body => body.GetProperty("events").GetArrayLength() == 1, TimeSpan.FromSeconds(30));
        var pulledEvent = pulled.GetProperty("events")[0];
        (await ui.Api.PostAsJsonAsync($"/api/v1/subscriptions/{subscription}/nack", new
        {
            partition = pulledEvent.GetProperty("partition").GetInt32(),
            offset = pulledEvent.GetProperty("offset").GetInt64(),
            error = "card declined",
        })).EnsureSuccessStatusCode();
        await Eventually.MatchAsync(
            async () => (await ui.Api.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{subscription}/dead-letters")).GetProperty("deadLetters").GetArrayLength(),
            count => count == 1, TimeSpan.FromSeconds(30));
        return (subscription, eventId);
    }
}
