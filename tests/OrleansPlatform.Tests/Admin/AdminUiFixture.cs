using System.Globalization;
using Microsoft.Playwright;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Admin;

/// <summary>
/// One real Host process (SQLite, on a loopback port, with an admin and a reader key) and one headless chromium,
/// shared by every admin UI test: starting either costs seconds, a fresh browser context per test costs nothing.
/// </summary>
public sealed class AdminUiFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminKey = "admin-ui-test-admin-key-0001";
    public const string ReaderKey = "admin-ui-test-reader-key-0001";

    private HostProcess? _host;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The Host's address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>An HttpClient on the Host with the admin key, to arrange what the UI then shows.</summary>
    public HttpClient Api { get; private set; } = default!;

    /// <summary>Where screenshots go: under the test results directory (never in the source tree).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("PLATFORM_TEST_RESULTS") is { Length: > 0 } results ? results : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "admin-ui");

    public async Task InitializeAsync()
    {
        // A missing browser is a broken machine, not a reason to skip: say what to install.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The admin UI tests need Debian's chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run installs it when missing).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        Address = "http://127.0.0.1:" + FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        _host = HostProcess.Start(new Dictionary<string, string>
        {
            ["Platform__Auth__ApiKeys__0__Key"] = AdminKey,
            ["Platform__Auth__ApiKeys__0__Role"] = "admin",
            ["Platform__Auth__ApiKeys__0__Name"] = "ops",
            ["Platform__Auth__ApiKeys__1__Key"] = ReaderKey,
            ["Platform__Auth__ApiKeys__1__Role"] = "reader",
            ["Platform__Admin__RefreshInterval"] = "00:00:00.500",
            ["Logging__LogLevel__Default"] = "Warning",
        }, "--urls", Address);
        if (!await _host.BecomesReadyAsync(Address, TimeSpan.FromSeconds(90)))
        {
            throw new InvalidOperationException("The Host did not become ready:\n" + _host.Output);
        }

        Api = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        // A loaded shared machine renders slower than Playwright's 5 s default expects.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page in a fresh browser context, signed in with <paramref name="key"/> (or not at all when null).</summary>
    public async Task<IPage> PageAsync(string? key)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        if (key is not null)
        {
            await page.GotoAsync("/admin/login");
            await page.FillAsync("#credential", key);
            await page.ClickAsync("#sign-in");
            // Poll the address instead of WaitForURLAsync: when the redirect has already landed, that waits for a load
            // state which a loaded machine sometimes never reports. The signed-in marker below proves the sign-in.
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));
            await Assertions.Expect(page.Locator("#who .role")).ToBeVisibleAsync();
        }

        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact.</summary>
    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminUiCollection : ICollectionFixture<AdminUiFixture>
{
    public const string Name = "Admin UI";
}
