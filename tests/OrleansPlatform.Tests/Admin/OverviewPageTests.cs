using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class OverviewPageTests(AdminUiFixture ui)
{
    [Fact]
    public async Task Overview_SignedInAsAdmin_ShowsSilosStorageAndCounts()
    {
        var page = await ui.PageAsync(AdminUiFixture.AdminKey);

        await Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#silos tbody tr td").Nth(1)).ToHaveTextAsync("active");
        await Expect(page.Locator("#storage")).ToContainTextAsync("sqlite");
        await Expect(page.Locator("#storage")).ToContainTextAsync("healthy");
        await Expect(page.Locator("#who .role")).ToHaveTextAsync("admin");
        await ui.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task Overview_WithoutCredentials_AsksToSignInAndShowsNothing()
    {
        var page = await ui.PageAsync(key: null);

        await page.GotoAsync("/admin");

        await Expect(page.Locator("#sign-in-required")).ToBeVisibleAsync();
        await Expect(page.Locator("#silos")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Login_WithAnUnknownKey_IsRefused()
    {
        var page = await ui.PageAsync(key: null);

        await page.GotoAsync("/admin/login");
        await page.FillAsync("#credential", "not-a-key-of-this-platform");
        await page.ClickAsync("#sign-in");

        await Expect(page.Locator(".problem")).ToContainTextAsync("did not accept");
        await ui.ScreenshotAsync(page, "login-refused");
    }

    [Fact]
    public async Task Overview_SignedInAsReader_ShowsTheReaderRole()
    {
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);

        await Expect(page.Locator("#who .role")).ToHaveTextAsync("reader");
        await Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(1);
    }
}
