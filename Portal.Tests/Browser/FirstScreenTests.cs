using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// Each role's first screen shows what it can act on next, greets the person by name and names their region.
[Collection(BrowserCollection.Name)]
public sealed class FirstScreenTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private async Task<IPage> FirstScreenAsync(string user)
    {
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, user);
        await page.GotoAsync($"{browser.BaseUrl}/staff");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "下一步" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task TownshipReviewer_WithCasesWaiting_LandsOnThemAndIsGreetedByName()
    {
        browser.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var open = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(ct))
            .First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var filed = await browser.App.Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(
            open.Id, null, ObjectionCategory.Other, "首页测试：这份名单里有一户的信息需要再核实一下。", true, null, null, null, true, []), null, ct);
        Assert.True(filed.Accepted is not null, string.Join(", ", filed.Errors.Select(e => e.Rule)));
        var caseNumber = filed.Accepted!.CaseNumber;

        // Other journeys in this collection may have left the reviewer holding a case: then the first screen opens on
        // their own cases, and the unclaimed ones are one tab away.
        var actor = (await browser.App.Services.GetRequiredService<StaffUserStore>().FindAsync("yuxi.reviewer", ct))!.Actor;
        var holdsCases = (await browser.App.Services.GetRequiredService<ReviewStore>().OpenCasesAsync(actor, ct)).Any(c => c.AssignedTo == actor.UserName);
        var page = await FirstScreenAsync("yuxi.reviewer");
        await browser.RunAsync(page, "first-screen-township", async () =>
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("玉溪镇审核员");
            await Assertions.Expect(page.GetByText("辖区：玉溪镇")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Selected = true })).ToContainTextAsync(holdsCases ? "我的案件" : "待认领");
            if (holdsCases) await page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "待认领" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = caseNumber })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = "待发布的公示草稿" })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "first-screen-township-reviewer");
        });
    }

    [Fact]
    public async Task Inspector_SeesTheTownshipsCasesApartAndIsToldWhy()
    {
        browser.SkipIfUnavailable();
        var page = await FirstScreenAsync("inspector");
        await browser.RunAsync(page, "first-screen-inspector", async () =>
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("周明");
            await page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "其他队列" }).ClickAsync();
            await Assertions.Expect(page.GetByText("您可以查阅，但不能对其作出处理")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "first-screen-inspector");
        });
    }

    [Theory]
    [InlineData("guihua.clerk", "乡镇审核人员审核发布", "first-screen-clerk")]
    [InlineData("admin", "导入农户", "first-screen-admin")]
    [InlineData("district.reviewer", "待发布的公示草稿", "first-screen-district-reviewer")]
    public async Task Role_FirstScreen_ShowsItsNextStepAndNoEmptyCaseList(string user, string nextStep, string screenshot)
    {
        browser.SkipIfUnavailable();
        var page = await FirstScreenAsync(user);
        await browser.RunAsync(page, screenshot, async () =>
        {
            await Assertions.Expect(page.GetByText(nextStep).First).ToBeVisibleAsync();
            // Only the page that is open is highlighted in the menu (the public site's "/" used to match every page).
            await Assertions.Expect(page.Locator(".mud-nav-link.active")).ToHaveCountAsync(1);
            Assert.DoesNotContain("511903", await page.Locator("h1 + *").InnerTextAsync());
            if (user is "guihua.clerk" or "admin") await Assertions.Expect(page.GetByRole(AriaRole.Tab)).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(page, screenshot);
        });
    }
}
