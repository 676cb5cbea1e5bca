using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class SagaPagesTests(AdminUiFixture ui)
{
    [Fact]
    public async Task SagaPage_WhenTheSagaCompletes_UpdatesLiveWithoutAReload()
    {
        var sagaId = await StartAwaitingApprovalAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync($"/admin/sagas/{sagaId}");
        await Expect(page.Locator("[data-stat='status'] .stat-value")).ToHaveTextAsync("running");
        // A reload would drop this marker.
        await page.EvaluateAsync("() => window.__notReloaded = true");

        var signal = await ui.Api.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/approved", new { by = "alice" });
        Assert.True(signal.IsSuccessStatusCode, await signal.Content.ReadAsStringAsync());

        await Expect(page.Locator("[data-stat='status'] .stat-value")).ToHaveTextAsync("completed");
        await Expect(page.Locator("#saga-steps tr[data-step='approval']")).ToContainTextAsync("alice");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await Expect(page.Locator("#saga-history tbody tr")).Not.ToHaveCountAsync(0);
        await ui.ScreenshotAsync(page, "saga");
    }

    [Fact]
    public async Task SagaPage_AdminSignals_TheSagaCompletes()
    {
        var sagaId = await StartAwaitingApprovalAsync();
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync($"/admin/sagas/{sagaId}");

        await page.FillAsync("#signal-name", "approved");
        await page.FillAsync("#signal-body", """{"by":"the-ui"}""");
        await page.ClickAsync("#saga-signal");

        await Expect(page.Locator("[data-stat='status'] .stat-value")).ToHaveTextAsync("completed");
        await Expect(page.Locator("#saga-steps tr[data-step='approval']")).ToContainTextAsync("the-ui");
    }

    [Fact]
    public async Task SagaPages_AsReader_ShowNoMutatingControls()
    {
        var sagaId = await StartAwaitingApprovalAsync();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);

        await page.GotoAsync("/admin/sagas");
        await Expect(page.Locator($"#sagas >> text={sagaId}")).ToBeVisibleAsync();
        await ui.ScreenshotAsync(page, "sagas");
        await page.ClickAsync($"#sagas >> text={sagaId}");

        await Expect(page.Locator("[data-stat='status'] .stat-value")).ToHaveTextAsync("running");
        await Expect(page.Locator("#saga-actions")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SagaPage_WriterCancels_AndTheListFiltersByStatusAndDefinition()
    {
        var definition = "ui-approval-" + Guid.NewGuid().ToString("N")[..8];
        var cancelled = await StartAwaitingApprovalAsync(definition);
        var running = await StartAwaitingApprovalAsync(definition);
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.GotoAsync($"/admin/sagas/{cancelled}");

        await page.ClickAsync("#saga-cancel");
        await Expect(page.Locator("[data-stat='status'] .stat-value")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#saga-cancel")).ToBeDisabledAsync();
        await page.GotoAsync("/admin/sagas");
        await page.SelectOptionAsync("#saga-status", "cancelled");
        await page.FillAsync("#saga-definition", definition);
        await page.ClickAsync("#saga-filter");

        await Expect(page.Locator("#sagas tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sagas tbody tr")).ToContainTextAsync(cancelled);
        await page.SelectOptionAsync("#saga-status", "running");
        await page.ClickAsync("#saga-filter");
        await Expect(page.Locator("#sagas tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sagas tbody tr")).ToContainTextAsync(running);
    }

    private async Task<string> StartAwaitingApprovalAsync(string? definitionName = null)
    {
        var definition = definitionName ?? "ui-approval-" + Guid.NewGuid().ToString("N")[..8];
        var put = await ui.Api.PutAsJsonAsync($"/api/v1/saga-definitions/{definition}", new
        {
            steps = new[] { new { name = "approval", action = new { signal = "approved" } } },
        });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var sagaId = "ui-saga-" + Guid.NewGuid().ToString("N")[..8];
        var start = await ui.Api.PostAsJsonAsync("/api/v1/sagas", new { definition, sagaId, input = new { total = 42 } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return sagaId;
    }
}
