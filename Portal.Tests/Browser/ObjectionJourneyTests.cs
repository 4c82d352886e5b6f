using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ObjectionJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    // A tiny but real PNG: 1×1, red.
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private async Task<Announcement> OpenAnnouncementAsync()
    {
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        return (await store.OpenNowAsync(TestContext.Current.CancellationToken)).First(a => a.Kind == AnnouncementKind.Identification);
    }

    [Fact]
    public async Task Resident_FilesAnAnonymousObjectionWithAPhoto_ThenTracksItWithTheReceipt()
    {
        browser.SkipIfUnavailable();
        var announcement = await OpenAnnouncementAsync();
        var page = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(page, "objection-journey", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/announcements/{announcement.Id}");
            await page.GetByRole(AriaRole.Link, new() { Name = "我要提出异议" }).First.ClickAsync();
            await page.WaitForURLAsync($"**/announcements/{announcement.Id}/objections/new");
            await BrowserFixture.ScreenshotAsync(page, "objection-form-360");

            await page.GetByLabel("异议类别").SelectOptionAsync("WronglyIncluded");
            await page.GetByLabel("异议内容").FillAsync("该户去年在城里买了商品房，家里还有一辆小汽车，不符合贫困户识别条件。");
            await page.Locator("#attachments").SetInputFilesAsync(new FilePayload { Name = "房子.png", MimeType = "image/png", Buffer = Photo });
            await page.GetByLabel("我已阅读并同意隐私说明").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

            var digits = page.Locator(".receipt-digits");
            await Assertions.Expect(digits).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("回执号只显示这一次")).ToBeVisibleAsync();
            var receipt = (await digits.InnerTextAsync()).Trim();
            Assert.Matches(@"^\d{4} \d{4} \d{4} \d{4}$", receipt);
            Assert.DoesNotContain(receipt.Replace(" ", ""), page.Url);
            var caseNumber = (await page.Locator(".receipt dd strong").First.InnerTextAsync()).Trim();
            Assert.StartsWith("恩阳-", caseNumber);
            await BrowserFixture.ScreenshotAsync(page, "objection-receipt-360");

            await page.GetByRole(AriaRole.Link, new() { Name = "查询进度" }).First.ClickAsync();
            await page.WaitForURLAsync("**/track");
            await page.GetByLabel("查询回执号").FillAsync(receipt);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(page.GetByText(caseNumber)).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".objection-text")).ToContainTextAsync("商品房");
            await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("受理登记");
            Assert.DoesNotContain(receipt.Replace(" ", ""), page.Url);
            await BrowserFixture.ScreenshotAsync(page, "objection-track-360");
        });
    }

    [Fact]
    public async Task FormOnDesktop_LooksRightAndShowsErrorsNamingTheField()
    {
        browser.SkipIfUnavailable();
        var announcement = await OpenAnnouncementAsync();
        var page = await browser.NewPageAsync();
        await browser.RunAsync(page, "objection-form-errors", async () =>
        {
            await page.GotoAsync($"{browser.BaseUrl}/announcements/{announcement.Id}/objections/new");
            await BrowserFixture.ScreenshotAsync(page, "objection-form-desktop");
            await page.GetByLabel("异议内容").FillAsync("太短了");
            await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

            await Assertions.Expect(page.Locator("#errors")).ToContainTextAsync("异议内容");
            await Assertions.Expect(page.Locator("#errors")).ToContainTextAsync("请至少写 10 个字");
            await Assertions.Expect(page.GetByLabel("异议内容")).ToHaveValueAsync("太短了");
            await BrowserFixture.ScreenshotAsync(page, "objection-form-errors");
        });
    }

    [Fact]
    public async Task Clerk_EntersAPhoneObjection_AndPrintsTheReceipt()
    {
        browser.SkipIfUnavailable();
        var page = await browser.NewPageAsync();
        await browser.RunAsync(page, "staff-objection-entry", async () =>
        {
            await browser.SignInAsync(page, "guihua.clerk");
            await page.GotoAsync($"{browser.BaseUrl}/staff/objections/new");
            await BrowserFixture.WaitForCircuitAsync(page);
            await BrowserFixture.ChooseAsync(page, page.GetByLabel("公示", new() { Exact = true }), null);
            await BrowserFixture.ChooseAsync(page, page.GetByLabel("异议类别"), "信息不实");
            await page.GetByLabel("异议内容").FillAsync("村民电话反映：该户家庭人口登记为 5 人，实际只有 3 人。");
            await page.GetByText("已向群众说明隐私保护").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();

            await Assertions.Expect(page.Locator(".mud-alert-filled-error, .mud-alert-text-error")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByText("回执号只显示这一次")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "staff-objection-receipt");
            var popup = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "打印回执（PDF）" }).ClickAsync());
            Assert.NotNull(popup);
        });
    }
}
