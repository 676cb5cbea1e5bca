using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class FeedPageTests(AdminUiFixture ui)
{
    [Fact]
    public async Task LiveTail_FilteredByType_ShowsNewMatchingEventsWithoutAReload()
    {
        var type = "UiTailed" + Guid.NewGuid().ToString("N")[..8];
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.ClickAsync("nav >> text=Global feed");
        await page.FillAsync("#feed-types", type);
        await page.ClickAsync("#feed-tail");
        await Expect(page.Locator("#feed-live")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.__notReloaded = true");

        var streamId = "ui-feed-" + Guid.NewGuid().ToString("N")[..8];
        var append = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new
        {
            events = new object[] { new { type, data = new { n = 1 } }, new { type = "Other", data = new { n = 2 } }, new { type, data = new { n = 3 } } },
        });
        Assert.Equal(HttpStatusCode.Created, append.StatusCode);

        await Expect(page.Locator("#feed tbody tr[data-position]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#feed tbody")).Not.ToContainTextAsync("Other");
        await Expect(page.Locator("#feed tbody tr[data-position]").First).ToContainTextAsync(streamId);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await ui.ScreenshotAsync(page, "feed");
    }

    [Fact]
    public async Task Browse_ByCorrelationId_PagesThroughTheMatchingEvents()
    {
        var correlationId = "ui-corr-" + Guid.NewGuid().ToString("N")[..8];
        var streamId = "ui-feed-" + Guid.NewGuid().ToString("N")[..8];
        var events = Enumerable.Range(1, 60).Select(n => new { type = "Counted", data = new { n }, correlationId }).ToArray();
        Assert.Equal(HttpStatusCode.Created, (await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new { events })).StatusCode);
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/feed");

        await page.FillAsync("#feed-correlation", correlationId);
        await page.ClickAsync("#feed-browse");
        await Expect(page.Locator("#feed tbody tr[data-position]")).ToHaveCountAsync(50);
        await page.ClickAsync("#feed-next");

        await Expect(page.Locator("#feed tbody tr[data-position]")).ToHaveCountAsync(10);
    }
}
