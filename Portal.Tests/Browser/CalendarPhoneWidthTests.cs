using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// An administrator can keep the calendar from a phone: at 360 px the page is no wider than the screen and its form's
// save button is in reach.
[Collection(BrowserCollection.Name)]
public sealed class CalendarPhoneWidthTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task CalendarPage_At360px_FitsTheScreen()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(page, "calendar-360", async () =>
        {
            await browser.SignInAsync(page, "admin");
            await page.GotoAsync($"{browser.BaseUrl}/staff/admin/calendar");
            await BrowserFixture.WaitForCircuitAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "calendar-360");
            var save = page.GetByRole(AriaRole.Button, new() { Name = "保存" });
            await Assertions.Expect(save).ToBeVisibleAsync();
            var box = await save.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 360, $"save at {box?.X}..{box?.X + box?.Width}");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"the calendar page is {width} px wide at 360 px");
        });
    }
}
