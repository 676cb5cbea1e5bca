using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

/// <summary>Every page, by both roles: each renders over a real host, a reader never gets a mutating control.</summary>
[Collection(AdminUiCollection.Name)]
public sealed class AllPagesTests(AdminUiFixture ui)
{
    private static readonly string[] Pages = ["", "streams", "feed", "subscriptions", "sagas", "transactions", "services", "projections"];

    [Fact]
    public async Task EveryPage_AsReader_RendersWithoutMutatingControls()
    {
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        foreach (var name in Pages)
        {
            await page.GotoAsync("/admin/" + name);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await Expect(page.Locator("#who .role")).ToHaveTextAsync("reader");
            await Expect(page.Locator("[data-mutates]")).ToHaveCountAsync(0);
            await ui.ScreenshotAsync(page, "reader-" + (name.Length == 0 ? "overview" : name));
        }

        // Nothing the browser loads comes from anywhere but the platform itself.
        Assert.All(requested, url => Assert.StartsWith(ui.Address, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryPage_AsAdmin_Renders()
    {
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);

        foreach (var name in Pages)
        {
            await page.GotoAsync("/admin/" + name);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await Expect(page.Locator(".problem")).ToHaveCountAsync(0);
            await ui.ScreenshotAsync(page, "admin-" + (name.Length == 0 ? "overview" : name));
        }
    }

    [Fact]
    public async Task WhoAmI_WithKeysConfigured_TellsTheRoleAndRefusesAnonymousCallers()
    {
        using var reader = new HttpClient { BaseAddress = new Uri(ui.Address) };
        reader.DefaultRequestHeaders.Add("X-Api-Key", AdminUiFixture.ReaderKey);

        var me = await reader.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        var admin = await ui.Api.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        using var anonymous = new HttpClient { BaseAddress = new Uri(ui.Address) };

        Assert.True(me.GetProperty("authenticated").GetBoolean());
        Assert.Equal(["reader"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["admin", "writer", "reader"], admin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal("ops", admin.GetProperty("caller").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SignOut_ForgetsTheCredential()
    {
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);

        await page.ClickAsync("#who >> text=Sign out");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/login", StringComparison.Ordinal));
        await page.GotoAsync("/admin");

        await Expect(page.Locator("#sign-in-required")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Logout_GetOrPostWithoutAntiforgeryToken_DoesNotSignOut()
    {
        using var browserLike = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(ui.Address) };
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/admin/logout");
        forged.Headers.Add("Cookie", "platform-admin=anything");

        var post = await browserLike.SendAsync(forged);
        var get = await browserLike.GetAsync("/admin/logout");

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.False(post.Headers.Contains("Set-Cookie") && post.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("platform-admin=", StringComparison.Ordinal)));
        Assert.False(get.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform-admin=", StringComparison.Ordinal)));
    }
}
