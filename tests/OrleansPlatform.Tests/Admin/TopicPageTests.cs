using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class TopicPageTests(AdminUiFixture ui)
{
    private const int Published = 120;

    [Fact]
    public async Task TopicPage_APartitionOfManyEvents_PagesThroughThemAndShowsAnEventsJson()
    {
        var topic = $"ui-topic-{Guid.NewGuid():N}";
        (await ui.Api.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, Published).Select(i => new { key = "order-42", type = "OrderPlaced", data = new { n = i } }).ToArray();
        (await ui.Api.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events })).EnsureSuccessStatusCode();
        var stored = await ui.Api.GetFromJsonAsync<JsonElement>($"/api/v1/topics/{topic}/events?partition=0&limit=1000");
        var offsets = stored.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("offset").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/subscriptions");

        await page.ClickAsync($"#topics >> text={topic}");
        await Expect(page.Locator("#topic-events tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("#topic-events tbody tr").First).ToHaveAttributeAsync("data-offset", offsets[0]);
        await page.ClickAsync("#page-next");
        await Expect(page.Locator("#topic-events tbody tr").First).ToHaveAttributeAsync("data-offset", offsets[50]);
        await page.ClickAsync("#page-next");
        await Expect(page.Locator("#topic-events tbody tr")).ToHaveCountAsync(Published - 100);
        await Expect(page.Locator("#page-next")).ToBeDisabledAsync();
        await page.ClickAsync($"#topic-events tr[data-offset='{offsets[^1]}']");

        await Expect(page.Locator("#topic-events pre.json")).ToContainTextAsync($"\"n\": {Published - 1}");
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync(page, "topic");
    }

    [Fact]
    public async Task TopicPage_UnknownTopic_SaysSo()
    {
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);

        await page.GotoAsync($"/admin/topics/ui-missing-{Guid.NewGuid():N}");

        await Expect(page.Locator(".problem")).ToContainTextAsync("There is no topic");
    }
}
