using Microsoft.Playwright;

namespace Portal.Tests.TestInfrastructure;

// The portal on a real Kestrel port and Debian's chromium driven by Playwright. Without chromium the browser
// tests are skipped with a message, except under CI (CI=true), where a missing browser fails the run.
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public PortalAppFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public string? Unavailable { get; private set; }

    public System.Collections.Concurrent.ConcurrentBag<string> CspViolations { get; } = [];

    public static string ScreenshotFolder { get; } = Path.Combine(Path.GetTempPath(), "portal-screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"No browser at {ChromiumPath}: install Debian's chromium (apt-get install -y chromium) to run the browser tests.";
            if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(Unavailable);
            return;
        }
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
        // The whole suite shares two cores: give the page time rather than fail on a slow moment.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public void SkipIfUnavailable() => Assert.SkipWhen(Unavailable is not null, Unavailable ?? "");

    // Pages opened by the test that runs now; closed when it ends (ClosePagesAsync), so that staff pages left open do
    // not hold circuits against the per-address cap for the journeys after it.
    private readonly List<IBrowserContext> contexts = [];

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        // The Content-Security-Policy must not stop anything the portal does: chromium reports each refusal on the console.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) CspViolations.Add(message.Text);
        };
        return page;
    }

    public async ValueTask ClosePagesAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        contexts.Clear();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    // A click before the circuit runs is lost, so staff pages are used only once the layout says it is interactive.
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-circuit=ready]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

    // Picks an option of a MudSelect: opens it, waits for the list, clicks, and waits until the list has closed.
    public static async Task ChooseAsync(IPage page, ILocator select, string? option)
    {
        await select.ClickAsync();
        var items = page.Locator(".mud-popover-open .mud-list-item");
        var item = option is null ? items.First : items.Filter(new() { HasText = option }).First;
        await item.WaitForAsync();
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    public async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync($"{BaseUrl}/staff/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", PortalAppFactory.StaffPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{BaseUrl}/staff**");
    }

    // Signs in and opens a case from the workbench's "all open cases" tab, as staff find it.
    public async Task OpenCaseAsync(IPage page, string user, string caseNumber)
    {
        await SignInAsync(page, user);
        await page.GotoAsync($"{BaseUrl}/staff");
        await WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "全部在办" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = caseNumber }).ClickAsync();
        // A circuit navigation may push the address before a wait for it could begin: poll the address instead.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/staff/objections/\d+$"));
        await WaitForCircuitAsync(page);
    }

    // Runs a journey; on failure the page as it was is saved beside the other screenshots.
    public async Task RunAsync(IPage page, string name, Func<Task> journey)
    {
        try
        {
            await journey();
            Assert.Empty(CspViolations);
        }
        catch
        {
            await ScreenshotAsync(page, name + "-failure");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.DisposeAsync();
            playwright.Dispose();
        }
        await App.DisposeAsync();
    }
}

// The browser journeys share one portal and one chromium and run one after another: two cores cannot drive
// several browsers and several apps at once without timing out.
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
