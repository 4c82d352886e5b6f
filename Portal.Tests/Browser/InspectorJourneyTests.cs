using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// A resident reports favouritism under their own name; the case goes to discipline inspection, not to the township; the
// inspector reads the case without the name, which only the two-person reveal shows (IdentityRevealJourneyTests).
[Collection(BrowserCollection.Name)]
public sealed class InspectorJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private const string Name = "岳秀珍";
    private const string Phone = "13981234567";

    [Fact]
    public async Task NamedFavouritism_GoesToTheInspectorNotTheTownship_AndTheCaseShowsNoName()
    {
        browser.SkipIfUnavailable();
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        var announcement = (await store.OpenNowAsync(TestContext.Current.CancellationToken))
            .First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[1].Code);
        var resident = await browser.NewPageAsync(360, 800);
        var reviewer = await browser.NewPageAsync();
        var inspector = await browser.NewPageAsync();

        var caseNumber = "";
        await browser.RunAsync(resident, "inspector-journey-resident", async () =>
        {
            await resident.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.NewObjection(announcement.Id, null)}");
            await resident.GetByLabel("异议类别").SelectOptionAsync("Favouritism");
            await resident.GetByLabel("异议内容").FillAsync("村干部把自己的亲戚报进了名单，我愿意实名反映并配合调查。");
            await resident.GetByLabel("实名提出").CheckAsync();
            await resident.GetByLabel("姓名").FillAsync(Name);
            await resident.GetByLabel("联系电话").FillAsync(Phone);
            await resident.GetByLabel("与本村的关系").FillAsync("本村村民");
            await resident.GetByLabel("我已阅读并同意隐私说明").CheckAsync();
            await resident.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
            caseNumber = (await resident.Locator(".receipt dd strong").First.InnerTextAsync()).Trim();
        });

        await browser.RunAsync(reviewer, "inspector-journey-reviewer", async () =>
        {
            // Favouritism by cadres goes to discipline inspection: the township's reviewer does not get the case at all.
            await browser.SignInAsync(reviewer, "yuxi.reviewer");
            await reviewer.GotoAsync($"{browser.BaseUrl}/staff");
            await BrowserFixture.WaitForCircuitAsync(reviewer);
            await reviewer.GetByRole(AriaRole.Tab).Filter(new() { HasText = "全部在办" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Tabpanel)).ToBeVisibleAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Link, new() { Name = caseNumber })).ToHaveCountAsync(0);
            Assert.DoesNotContain(Name, await reviewer.ContentAsync());
        });

        await browser.RunAsync(inspector, "inspector-journey-inspector", async () =>
        {
            await browser.OpenCaseAsync(inspector, "inspector", caseNumber);
            await Assertions.Expect(inspector.Locator("[data-reveal-panel]")).ToContainTextAsync("须由两人决定");
            await Assertions.Expect(inspector.Locator(".mud-timeline")).ToContainTextAsync("受理登记");
            Assert.DoesNotContain(Name, await inspector.ContentAsync());
            Assert.DoesNotContain(Phone, await inspector.ContentAsync());
        });
    }
}
