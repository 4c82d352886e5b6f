using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReviewJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private const string AcceptReason = "线索具体，属于本镇受理范围。";
    private const string InvestigationPlan = "安排包村干部入户核实住房和经营情况。";
    private const string InternalNote = "内部：该户户主与村会计系表兄弟，核实时请回避村会计。";
    private const string DecisionReason = "入户核实：三层楼房属实，经营农家乐年收入约八万元。";

    [Fact]
    public async Task Objection_UpheldByTheTownship_WithdrawsTheEntry_ResidentAppeals_DistrictSeesIt()
    {
        browser.SkipIfUnavailable();
        var store = browser.App.Services.GetRequiredService<AnnouncementStore>();
        var announcement = (await store.OpenNowAsync(TestContext.Current.CancellationToken))
            .First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await store.EntriesAsync(announcement.Id, TestContext.Current.CancellationToken))[1];
        var resident = await browser.NewPageAsync(360, 800);
        var reviewer = await browser.NewPageAsync(1280, 900);
        var district = await browser.NewPageAsync(1280, 900);

        string receipt = "", caseNumber = "";
        await browser.RunAsync(resident, "review-journey-resident", async () =>
        {
            await resident.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.NewObjection(announcement.Id, entry.Id)}");
            await resident.GetByLabel("异议类别").SelectOptionAsync("WronglyIncluded");
            await resident.GetByLabel("异议内容").FillAsync($"{entry.Subject}家去年新建了三层楼房，还开了一家农家乐，不应识别为贫困户。");
            await resident.GetByLabel("我已阅读并同意隐私说明").CheckAsync();
            await resident.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
            receipt = (await resident.Locator(".receipt-digits").InnerTextAsync()).Trim();
            caseNumber = (await resident.Locator(".receipt dd strong").First.InnerTextAsync()).Trim();
        });

        await browser.RunAsync(reviewer, "review-journey-reviewer", async () =>
        {
            await browser.SignInAsync(reviewer, "yuxi.reviewer");
            await reviewer.GotoAsync($"{browser.BaseUrl}/staff");
            await BrowserFixture.WaitForCircuitAsync(reviewer);
            await reviewer.GetByRole(AriaRole.Tab).Filter(new() { HasText = "待认领" }).ClickAsync();
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Link, new() { Name = caseNumber })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(reviewer, "staff-workbench");
            await reviewer.GetByRole(AriaRole.Link, new() { Name = caseNumber }).ClickAsync();
            await reviewer.WaitForURLAsync("**/staff/objections/*");
            await Assertions.Expect(reviewer.GetByText("新建了三层楼房", new() { Exact = false })).ToBeVisibleAsync();

            // Each action has its own field; every reason stays in the staff timeline.
            await reviewer.GetByLabel("受理意见（可选）").FillAsync(AcceptReason);
            await Act(reviewer, "受理立案");
            await reviewer.GetByLabel("调查核实安排（可选）").FillAsync(InvestigationPlan);
            await Act(reviewer, "开始调查核实");
            await reviewer.GetByLabel("内部备注").FillAsync(InternalNote);
            await Act(reviewer, "添加内部备注");
            await BrowserFixture.ChooseAsync(reviewer, reviewer.GetByLabel("处理决定", new() { Exact = true }), "异议成立");
            await reviewer.GetByLabel("处理决定的理由").FillAsync(DecisionReason);
            await Act(reviewer, "作出处理决定");
            await reviewer.GetByLabel("答复群众的内容").FillAsync("经入户核实，异议成立，该户已从拟识别名单中撤销。感谢您的监督。");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "答复群众" }).ClickAsync();
            // What the complainant will read is shown once more before it goes.
            await Assertions.Expect(reviewer.GetByRole(AriaRole.Dialog)).ToContainTextAsync("该户已从拟识别名单中撤销");
            await Act(reviewer, "确认发送");
            foreach (var reason in (string[])[AcceptReason, InvestigationPlan, InternalNote, DecisionReason])
            {
                await Assertions.Expect(reviewer.GetByText(reason)).ToBeVisibleAsync();
            }
            await Assertions.Expect(reviewer.Locator(".mud-chip").Filter(new() { HasText = "已答复" })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(reviewer, "staff-case-page");
        });

        await browser.RunAsync(resident, "review-journey-public", async () =>
        {
            await resident.GotoAsync($"{browser.BaseUrl}/announcements/{announcement.Id}");
            var row = resident.Locator("table.entries tr").Filter(new() { HasText = entry.Subject });
            await Assertions.Expect(row).ToHaveClassAsync("withdrawn");
            await Assertions.Expect(row).ToContainTextAsync("已撤销");

            await resident.GotoAsync($"{browser.BaseUrl}/track");
            await resident.GetByLabel("查询回执号").FillAsync(receipt);
            await resident.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await Assertions.Expect(resident.Locator(".reply")).ToContainTextAsync("异议成立");
            var tracked = await resident.ContentAsync();
            foreach (var staffOnly in (string[])[AcceptReason, InvestigationPlan, InternalNote, DecisionReason]) Assert.DoesNotContain(staffOnly, tracked);
            await resident.GetByLabel("申诉理由", new() { Exact = true }).FillAsync("我还反映了村干部优亲厚友的问题，答复没有提到，请上级复核。");
            await resident.GetByRole(AriaRole.Button, new() { Name = "申请复核" }).ClickAsync();
            await Assertions.Expect(resident.GetByText("已提交复核申请")).ToBeVisibleAsync();
        });

        await browser.RunAsync(district, "review-journey-district", async () =>
        {
            await browser.SignInAsync(district, "district.reviewer");
            await district.GotoAsync($"{browser.BaseUrl}/staff");
            await BrowserFixture.WaitForCircuitAsync(district);
            await district.GetByRole(AriaRole.Tab).Filter(new() { HasText = "待认领" }).ClickAsync();
            await Assertions.Expect(district.GetByRole(AriaRole.Link, new() { Name = caseNumber })).ToBeVisibleAsync();
            await Assertions.Expect(district.GetByText("已提交上级复核").First).ToBeVisibleAsync();
        });
    }

    internal static async Task Act(IPage page, string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Assertions.Expect(page.GetByText("操作成功").First).ToBeVisibleAsync();
        await page.Locator(".mud-snackbar").First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
    }
}
