using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// The accountability panel on /statistics: on a 360 px phone each township's lane is a card of labelled figures inside
// the screen; at 1280 px it is one table with its column headers.
[Collection(BrowserCollection.Name)]
public sealed class AccountabilityPanelBrowserTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Theory]
    [InlineData("zh-CN", "渠道")]
    [InlineData("en", "Lane")]
    public async Task Panel_At360px_IsACardPerRow_EveryFigureLabelledAndOnScreen(string culture, string laneLabel)
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(page, $"accountability-360-{culture}", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/statistics?culture={culture}");
            var panel = page.Locator("section[aria-labelledby=accountability-heading]");
            await panel.ScrollIntoViewIfNeededAsync();
            await panel.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"accountability-360-{culture}.png") });
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360, "the statistics page is wider than the phone");
            var rows = page.Locator("table.accountability tbody tr");
            await rows.First.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"accountability-360-{culture}-row.png") });
            Assert.Equal(8, await rows.CountAsync());
            foreach (var row in await rows.AllAsync())
            {
                var box = await row.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 360, $"a row spans {box?.X}..{box?.X + box?.Width}");
                foreach (var cell in await row.Locator("td, th").AllAsync())
                {
                    var cellBox = await cell.BoundingBoxAsync();
                    Assert.True(cellBox is not null && cellBox.X + cellBox.Width <= 360, $"'{await cell.InnerTextAsync()}' is off-screen");
                }
            }
            // Each figure says what it is; the lane is named for screen readers too.
            Assert.Equal(laneLabel, await rows.First.Locator("th").Nth(1).GetAttributeAsync("data-label"));
            Assert.Equal(8, await rows.First.Locator("td[data-label]").CountAsync());
            Assert.Equal("visible", await rows.First.Locator("td").First.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content === 'none' ? 'hidden' : 'visible'"));
        });
    }

    [Fact]
    public async Task Panel_At1280px_IsOneTableWithHeadersAndACaption()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync(1280, 900);
        await browser.RunAsync(page, "accountability-1280", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/statistics");
            var panel = page.Locator("section[aria-labelledby=accountability-heading]");
            await panel.ScrollIntoViewIfNeededAsync();
            await panel.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "accountability-1280-zh-CN.png") });
            var table = page.GetByRole(AriaRole.Table, new() { Name = "各乡镇、各渠道的异议和举报办理情况" });
            await Assertions.Expect(table).ToBeVisibleAsync();
            await Assertions.Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "答复用时中位数（工作日）" })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1280);
        });
    }
}
