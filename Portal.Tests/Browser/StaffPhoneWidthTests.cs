using Microsoft.Playwright;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// Staff also work from phones: at 360 px the app bar, the tabs and the sign-out fit the screen.
[Collection(BrowserCollection.Name)]
public sealed class StaffPhoneWidthTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    [Theory]
    [InlineData("yuxi.reviewer", "/staff")]
    [InlineData("yuxi.reviewer", "/staff/announcements")]
    [InlineData("admin", "/staff/admin/users")]
    [InlineData("admin", "/staff/admin/reply-templates")]
    public async Task StaffPage_At360px_FitsWithItsSignOutInView(string user, string url)
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(page, "staff-360" + url.Replace('/', '-'), async () =>
        {
            await browser.SignInAsync(page, user);
            await page.GotoAsync($"{browser.BaseUrl}{url}");
            await BrowserFixture.WaitForCircuitAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "staff-360" + url.Replace('/', '-'));
            var signOut = page.GetByRole(AriaRole.Button, new() { Name = "退出登录" });
            await Assertions.Expect(signOut).ToBeVisibleAsync();
            var box = await signOut.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 360, $"sign-out at {box?.X}..{box?.X + box?.Width}");
            var bar = await page.Locator("header.mud-appbar").BoundingBoxAsync();
            Assert.True(bar is not null && bar.Height <= 72, $"the app bar is {bar?.Height} px high: its title or buttons wrap");
            var buttonBox = await signOut.BoundingBoxAsync();
            Assert.True(buttonBox!.Height <= 40, "the sign-out button wraps");
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{url} is {width} px wide at 360 px");
        });
    }
}
