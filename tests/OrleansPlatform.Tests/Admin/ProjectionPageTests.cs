using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class ProjectionPageTests(AdminUiFixture ui)
{
    private readonly string _name = "ui-proj-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _prefix = "uiproj-" + Guid.NewGuid().ToString("N")[..8] + "-";

    [Fact]
    public async Task ProjectionPage_AdminRebuilds_ItServesTheNextVersionWithTheSameDocuments()
    {
        await DefineWithTwoDocumentsAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync("/admin/projections");
        var row = page.Locator($"#projections tr[data-projection='{_name}']");
        var version = row.Locator("td").Nth(1);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("running");
        await Expect(version).ToHaveTextAsync("1");
        await row.ClickAsync();
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(2);

        await page.ClickAsync("#projection-rebuild");

        // The rebuilt version takes over once it has caught up; the page follows without a reload.
        await Expect(version).ToHaveTextAsync("2");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("running");
        await page.ClickAsync("#document-search");
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(2);
        await page.ClickAsync($"#documents tr[data-document='{_prefix}a']");
        await Expect(page.Locator("#documents pre.json")).ToContainTextAsync("\"total\": 12");
        await ui.ScreenshotAsync(page, "projections");
    }

    [Fact]
    public async Task ProjectionPage_AsReader_BrowsesDocumentsWithoutControls()
    {
        await DefineWithTwoDocumentsAsync();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/projections");

        await page.ClickAsync($"#projections tr[data-projection='{_name}']");
        await page.FillAsync("#document-filter", "status:eq:paid");
        await page.ClickAsync("#document-search");

        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#documents tr[data-document='{_prefix}a']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
    }

    private async Task DefineWithTwoDocumentsAsync()
    {
        var define = await ui.Api.PutAsJsonAsync($"/api/v1/projections/{_name}", new { source = new { streamPrefix = _prefix }, partitionBy = "streamId", fold = "mergePatch" });
        Assert.True(define.IsSuccessStatusCode, await define.Content.ReadAsStringAsync());
        await AppendAsync("a", new { status = "paid", total = 12 });
        var last = await AppendAsync("b", new { status = "open", total = 3 });
        var caughtUp = await ui.Api.GetAsync($"/api/v1/projections/{_name}/documents/{_prefix}b?minPosition={last}&wait=20s");
        Assert.True(caughtUp.IsSuccessStatusCode, await caughtUp.Content.ReadAsStringAsync());
    }

    private async Task<long> AppendAsync(string stream, object data)
    {
        var response = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{_prefix}{stream}/events", new { events = new[] { new { type = "Changed", data } } });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        return body!["position"]!.GetValue<long>();
    }
}
