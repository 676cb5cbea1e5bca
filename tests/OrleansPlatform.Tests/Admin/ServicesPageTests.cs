using System.Net.Http.Json;
using OrleansPlatform.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class ServicesPageTests(AdminUiFixture ui)
{
    private static readonly string[] Tags = ["blue"];

    [Fact]
    public async Task ServicesPage_ShowsInstancesWithHealth_AndAnAdminDeregistersOne()
    {
        var service = "ui-svc-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var instance in new[] { "a", "b" })
        {
            (await ui.Api.PutAsJsonAsync($"/api/v1/services/{service}/instances/{instance}", new
            {
                address = "http://127.0.0.1:7001", weight = 1, tags = Tags, ttl = "00:10:00",
            })).EnsureSuccessStatusCode();
        }

        var page = await ui.PageAsync(AdminUiFixture.AdminKey);
        await page.ClickAsync("nav >> text=Services");
        await page.ClickAsync($"#services tr[data-service='{service}']");
        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#instances tr[data-instance='a']")).ToContainTextAsync("healthy");
        await Expect(page.Locator("#topology")).ToBeVisibleAsync();
        await ui.ScreenshotAsync(page, "services");

        await page.ClickAsync("#instances tr[data-instance='a'] .deregister");

        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#services tr[data-service='" + service + "']")).ToContainTextAsync("1");
    }

    [Fact]
    public async Task ServicesPage_AfterCallsThroughTheMesh_DrawsTheCallerToServiceEdge()
    {
        var service = "ui-mesh-" + Guid.NewGuid().ToString("N")[..8];
        await using var backend = await ParticipantServer.StartAsync();
        (await ui.Api.PutAsJsonAsync($"/api/v1/services/{service}/instances/a", new { address = backend.BaseUrl, ttl = "00:10:00" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            // The admin key is named "ops", so the mesh records the calls as ops -> service.
            var call = await ui.Api.GetAsync($"/api/v1/mesh/{service}/ping");
            Assert.True(call.IsSuccessStatusCode, await call.Content.ReadAsStringAsync());
        }

        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/services");

        await Expect(page.Locator($"#topology line[data-edge='ops->{service}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#topology text[data-calls='ops->{service}']")).ToHaveTextAsync("3");
        await Expect(page.Locator($"#topology text[data-node='{service}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ServicesPage_AsReader_ShowsNoMutatingControls()
    {
        var service = "ui-svc-" + Guid.NewGuid().ToString("N")[..8];
        (await ui.Api.PutAsJsonAsync($"/api/v1/services/{service}/instances/a", new { address = "http://127.0.0.1:7001", ttl = "00:10:00" })).EnsureSuccessStatusCode();
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        await page.GotoAsync("/admin/services");
        await page.ClickAsync($"#services tr[data-service='{service}']");

        await Expect(page.Locator("#instances tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
    }
}
