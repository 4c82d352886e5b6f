using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// axe-core in chromium on every public page and the objection form: no serious or critical violation.
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task PublicPages_HaveNoSeriousOrCriticalViolations()
    {
        browser.SkipIfUnavailable();
        var open = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(TestContext.Current.CancellationToken))[0];
        string[] pages =
        [
            "/", "/?culture=en", "/announcements", $"/announcements/{open.Id}", $"/announcements/{open.Id}/objections/new", "/track",
            "/open-data", "/audit", "/statistics", $"/villages/{open.RegionCode}", "/staff/login",
        ];
        var page = await browser.NewPageAsync(360, 800);
        var problems = new List<string>();
        var rulesPassed = 0;
        await browser.RunAsync(page, "accessibility", async () =>
        {
            foreach (var url in pages)
            {
                await page.GotoAsync($"{browser.BaseUrl}{url}");
                rulesPassed += await AxeAsync(page, url, problems);
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.True(rulesPassed > pages.Length * 10, "axe checked the pages");
        });
    }

    // 长者模式, in Chinese and in English: no serious or critical violation either (issue 19), and nothing wider than the phone.
    [Fact]
    public async Task PublicPages_InElderMode_InChineseAndEnglish_HaveNoSeriousOrCriticalViolations()
    {
        browser.SkipIfUnavailable();
        var open = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(TestContext.Current.CancellationToken))[0];
        string[] pages = ["/", "/announcements", $"/announcements/{open.Id}", $"/announcements/{open.Id}/objections/new", "/track", "/statistics", $"/villages/{open.RegionCode}"];
        var page = await browser.NewPageAsync(360, 800);
        var problems = new List<string>();
        await browser.RunAsync(page, "accessibility-elder", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/mode/elder?returnUrl=/");
            await Assertions.Expect(page.Locator("html.elder")).ToHaveCountAsync(1);
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                foreach (var url in pages)
                {
                    await page.GotoAsync($"{browser.BaseUrl}{url}{(url.Contains('?') ? '&' : '?')}culture={culture}");
                    await Assertions.Expect(page.Locator("html.elder")).ToHaveCountAsync(1);
                    await AxeAsync(page, $"{url} ({culture}, elder mode)", problems);
                    var wider = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                    if (wider > 360) problems.Add($"{url} ({culture}, elder mode) is {wider} px wide");
                    if (url is "/" || url.StartsWith("/villages/", StringComparison.Ordinal))
                    {
                        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"elder{url.Replace('/', '-')}-{culture}-360.png") });
                    }
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
    }

    // The pages a resident reaches only by doing something: the form showing its errors, the receipt, a tracked case.
    [Fact]
    public async Task ObjectionFormWithErrors_Receipt_AndTrackedCase_HaveNoSeriousOrCriticalViolations()
    {
        browser.SkipIfUnavailable();
        var open = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(TestContext.Current.CancellationToken))[0];
        var page = await browser.NewPageAsync(360, 800);
        var problems = new List<string>();
        await browser.RunAsync(page, "accessibility-objection", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/announcements/{open.Id}/objections/new");
            await page.GetByLabel("异议内容").FillAsync("太短");
            await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
            await Assertions.Expect(page.Locator("#text[aria-invalid=true]")).ToBeVisibleAsync();
            await AxeAsync(page, "form with errors", problems);

            await page.GetByLabel("异议类别").SelectOptionAsync("WronglyIncluded");
            await page.GetByLabel("异议内容").FillAsync("该户家里有小汽车和商品房，不符合识别条件，请核实。");
            await page.GetByLabel("我已阅读并同意隐私说明").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
            var receipt = (await page.Locator(".receipt-digits").InnerTextAsync()).Trim();
            await AxeAsync(page, "receipt", problems);

            await page.GotoAsync($"{browser.BaseUrl}/track");
            await page.GetByLabel("查询回执号").FillAsync(receipt);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(page.GetByText("该户家里有小汽车和商品房")).ToBeVisibleAsync();
            await AxeAsync(page, "tracked case", problems);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
    }

    // Runs axe-core on the page as it is; adds its serious and critical violations to problems, returns how many rules passed.
    private static async Task<int> AxeAsync(IPage page, string where, List<string> problems)
    {
        var result = await page.RunAxe();
        problems.AddRange(result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        return result.Passes.Length;
    }

    [Fact]
    public async Task ObjectionForm_CanBeFilledAndSentWithTheKeyboardAlone()
    {
        browser.SkipIfUnavailable();
        var open = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(TestContext.Current.CancellationToken))[0];
        var page = await browser.NewPageAsync();
        await browser.RunAsync(page, "keyboard", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/announcements/{open.Id}/objections/new");
            await page.Locator("#category").FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("该户有家庭成员在城里有稳定工作，不符合条件。");
            // Tab past the file input, the two radios (one stop), three named fields, to the consent box.
            for (var i = 0; i < 6; i++) await page.Keyboard.PressAsync("Tab");
            Assert.Equal("consent", await page.EvaluateAsync<string>("document.activeElement.id"));
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".receipt-digits")).ToBeVisibleAsync();
        });
    }
}
