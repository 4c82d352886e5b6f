using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AnnouncementJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task Reviewer_CreatesAndPublishesADraft_VillagersSeeItWithTheNotice()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync();
        await browser.RunAsync(page, "announcement-journey", async () =>
        {
            await browser.SignInAsync(page, "yuxi.reviewer");

            await page.GotoAsync($"{browser.BaseUrl}/staff/announcements/new");
            await BrowserFixture.WaitForCircuitAsync(page);
            await BrowserFixture.ChooseAsync(page, page.GetByLabel("公示类型"), "脱贫退出");
            await BrowserFixture.ChooseAsync(page, page.GetByLabel("村", new() { Exact = true }), "金山村");
            // Households that fail the exit rules are greyed out and cannot be chosen.
            var rows = page.Locator("table tbody tr:not(.mud-table-row-disabled)");
            await rows.First.WaitForAsync();
            var names = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                await rows.Nth(i).ClickAsync();
                names.Add((await rows.Nth(i).Locator("td").Nth(1).InnerTextAsync()).Trim());
            }
            await Assertions.Expect(page.GetByText("已选 3 项")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "staff-new-draft");
            await page.GetByRole(AriaRole.Button, new() { Name = "创建草稿" }).ClickAsync();

            // The circuit moves to the draft's address itself (history.pushState), which can happen before a wait for a
            // navigation starts: poll the address instead.
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/staff/announcements/\d+$"));
            await BrowserFixture.WaitForCircuitAsync(page);
            await Assertions.Expect(page.GetByText("草稿").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("名单（3）")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
            var confirm = page.Locator(".mud-dialog");
            await Assertions.Expect(confirm).ToContainTextAsync("名单共 3 条");
            await BrowserFixture.ScreenshotAsync(page, "staff-confirm-publish");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-chip").Filter(new() { HasText = "公示中" })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "staff-published");
            var id = page.Url.Split('/')[^1];

            await page.GotoAsync($"{browser.BaseUrl}/announcements/{id}");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("金山村");
            foreach (var name in names)
            {
                await Assertions.Expect(page.Locator("table.entries")).ToContainTextAsync(name);
            }
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByText("下载公示").ClickAsync());
            var pdf = PdfText.Pages(await File.ReadAllBytesAsync((await download.PathAsync())!));
            Assert.Contains("金山村", pdf[0]);
            Assert.All(names, n => Assert.Contains(n, string.Concat(pdf)));
        });
    }
}
