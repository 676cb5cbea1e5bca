using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class StreamPagesTests(AdminUiFixture ui)
{
    [Fact]
    public async Task StreamPages_SearchOpenAndFoldAtAVersion_ShowEventsJsonAndTheStateThen()
    {
        var prefix = "ui-order-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var streamId = prefix + "42";
        var append = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new
        {
            expectedVersion = 0,
            events = new object[]
            {
                new { type = "OrderPlaced", data = new { status = "placed", total = 42 } },
                new { type = "OrderPaid", data = new { status = "paid" } },
                new { type = "OrderShipped", data = new { status = "shipped", carrier = "dhl" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);

        await page.ClickAsync("nav >> text=Streams");
        await page.FillAsync("#stream-prefix", prefix);
        await page.ClickAsync("#stream-search");
        await Expect(page.Locator("#streams tbody tr")).ToHaveCountAsync(1);
        await page.ClickAsync($"#streams >> text={streamId}");

        await Expect(page.Locator("#stream-id")).ToHaveTextAsync(streamId);
        await Expect(page.Locator("#events .row[data-version]")).ToHaveCountAsync(3);
        await page.ClickAsync("#events .row[data-version='2']");
        await Expect(page.Locator("#selected-event")).ToContainTextAsync("OrderPaid");
        await Expect(page.Locator("#selected-event pre")).ToContainTextAsync("\"status\": \"paid\"");

        await page.FillAsync("#state-at", "1");
        await page.ClickAsync("#state-load");
        await Expect(page.Locator("#state-version")).ToHaveTextAsync("at version 1");
        await Expect(page.Locator("#state-panel pre")).ToContainTextAsync("\"status\": \"placed\"");
        await Expect(page.Locator("#state-panel pre")).Not.ToContainTextAsync("carrier");
        await ui.ScreenshotAsync(page, "stream");

        await page.FillAsync("#diff-from", "1");
        await page.FillAsync("#diff-to", "3");
        await page.ClickAsync("#diff-load");
        await Expect(page.Locator("#diff-panel pre")).ToContainTextAsync("/carrier");
    }

    [Fact]
    public async Task WhatIf_AppendingAnEvent_ShowsActualAndHypotheticalAndWritesNothing()
    {
        var streamId = "ui-whatif-" + Guid.NewGuid().ToString("N")[..8];
        var append = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new
        {
            events = new object[]
            {
                new { type = "OrderPlaced", data = new { status = "placed", total = 42 } },
                new { type = "OrderShipped", data = new { status = "shipped" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync($"/admin/streams/{streamId}");
        await Expect(page.Locator("#events .row[data-version]")).ToHaveCountAsync(2);

        await page.FillAsync("#what-if-append", """[{"type":"OrderCancelled","data":{"status":"cancelled"}}]""");
        await page.ClickAsync("#what-if-ask");

        await Expect(page.Locator("#what-if-panel pre").Nth(0)).ToContainTextAsync("\"status\": \"shipped\"");
        await Expect(page.Locator("#what-if-panel pre").Nth(1)).ToContainTextAsync("\"status\": \"cancelled\"");
        var stream = await ui.Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/streams/{streamId}");
        Assert.Equal(2, stream.GetProperty("version").GetInt64());
        await ui.ScreenshotAsync(page, "stream-what-if");
    }

    [Fact]
    public async Task Verify_ShowsTheChainsResult_OrDisablesItselfWhereTheRouteIsAbsent()
    {
        var streamId = "ui-verify-" + Guid.NewGuid().ToString("N")[..8];
        var append = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new { events = new[] { new { type = "OrderPlaced", data = new { total = 1 } } } });
        Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        // The integrity branch adds the route; the UI must work on a platform with it and on one without it.
        var routeServed = (await ui.Api.GetAsync($"/api/v1/streams/{streamId}/verify")).StatusCode == HttpStatusCode.OK;
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync($"/admin/streams/{streamId}");

        await page.ClickAsync("#verify");

        if (routeServed)
        {
            await Expect(page.Locator("#verify-result")).ToHaveTextAsync("valid: 1 events checked");
        }
        else
        {
            await Expect(page.Locator("#verify-panel .problem")).ToContainTextAsync("not available");
            await Expect(page.Locator("#verify")).ToBeDisabledAsync();
        }
    }

    [Fact]
    public async Task StreamEvents_OfALongStream_RenderOnlyTheRowsInView()
    {
        // Hundreds of thousands of events, as the issue asks: the browser must hold only the rows in view.
        const int Batches = 200, BatchSize = 1000;
        var streamId = "ui-long-" + Guid.NewGuid().ToString("N")[..8];
        for (var batch = 0; batch < Batches; batch++)
        {
            var events = Enumerable.Range(0, BatchSize).Select(i => new { type = "Tick", data = new { n = batch * BatchSize + i } }).ToArray();
            var response = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new { events });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync($"/admin/streams/{streamId}");

        await Expect(page.Locator("[data-stat='version'] .stat-value")).ToHaveTextAsync("200000");
        await Expect(page.Locator("#events .row[data-version='1']")).ToBeVisibleAsync();
        var rendered = await page.Locator("#events .row").CountAsync();
        Assert.InRange(rendered, 1, 200);

        // Scrolling to the end fetches and renders the last events without having loaded the middle.
        await page.Locator("#events").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        await Expect(page.Locator("#events .row[data-version='200000']")).ToBeVisibleAsync();
        Assert.InRange(await page.Locator("#events .row").CountAsync(), 1, 200);
    }
}
