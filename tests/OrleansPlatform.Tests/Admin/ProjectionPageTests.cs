using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class ProjectionPageTests(AdminUiFixture ui)
{
    private readonly string _prefix = $"ui{Guid.NewGuid():N}-";
    private readonly string _name = "ui-p-" + Guid.NewGuid().ToString("N")[..10];

    private async Task DefineWithOrdersAsync()
    {
        var put = await ui.Api.PutAsJsonAsync($"/api/v1/projections/{_name}", new { source = new { streamPrefix = _prefix }, fold = "mergePatch", startFrom = "earliest" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        foreach (var (id, total) in new[] { ("a", 5), ("b", 20), ("c", 12) })
        {
            var append = await ui.Api.PostAsJsonAsync($"/api/v1/streams/{_prefix}{id}/events", new { events = new[] { new { type = "Placed", data = new { total } } } });
            Assert.True(append.IsSuccessStatusCode, await append.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ProjectionPage_AdminRebuilds_ComesBackRunningWithTheSameDocuments()
    {
        await DefineWithOrdersAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync("/admin/projections");
        var row = page.Locator($"#projections tr[data-projection='{_name}']");
        await row.ClickAsync();
        await Expect(page.Locator("#documents tr[data-document]")).ToHaveCountAsync(3);
        await Expect(row.Locator("td.status-running")).ToHaveCountAsync(1);

        await page.ClickAsync("#projection-rebuild");

        await Expect(row.Locator("td.status-running")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#documents tr[data-document]")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await page.ClickAsync($"#documents tr[data-document='{_prefix}b']");
        await Expect(page.Locator("#documents")).ToContainTextAsync("20");
        var status = JsonNode.Parse(await ui.Api.GetStringAsync($"/api/v1/projections/{_name}"))!;
        Assert.Equal(0, status["lagEvents"]!.GetValue<long>());
        await ui.ScreenshotAsync(page, "projections");
    }

    [Fact]
    public async Task ProjectionPage_AsReader_ShowsNoMutatingControls()
    {
        await DefineWithOrdersAsync();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/projections");

        await page.Locator($"#projections tr[data-projection='{_name}']").ClickAsync();

        await Expect(page.Locator("#documents")).ToBeVisibleAsync();
        await Expect(page.Locator("#projection-actions")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
    }
}
