using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// The two lanes (issue 15) as people meet them: an administrative appeal goes to the district's reviewer, a second
// one to the review office — never to the inspector — and then the case is final; a named favouritism complaint is
// disposed of by the inspector and its complainant reads the acceptance on /track.
[Collection(BrowserCollection.Name)]
public sealed class LaneJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Get<T>() where T : notnull => browser.App.Services.GetRequiredService<T>();

    private async Task<StaffActor> ActorAsync(string user) => (await Get<StaffUserStore>().FindAsync(user, Ct))!.Actor;

    // Accept (or investigate an escalated case), decide and reply, as the queue's owner does on the case page.
    private async Task AnswerAsync(long id, StaffActor actor, bool escalated)
    {
        var review = Get<ReviewStore>();
        var objections = Get<ObjectionStore>();
        async Task Do(ReviewAction action, string? text, Outcome? outcome = null) =>
            Assert.True((await review.ActAsync(id, (await objections.GetAsync(id, Ct))!.Concurrency, action, actor, text, outcome, Ct)).IsAllowed, action.ToString());
        if (!escalated) await Do(ReviewAction.Accept, null);
        await Do(ReviewAction.Investigate, null);
        await Do(ReviewAction.Decide, "入户核实，情况不属实。", Outcome.NotUpheld);
        await Do(ReviewAction.Reply, "经入户核实，该户符合条件，异议不成立。");
    }

    private async Task TrackAsync(IPage page, string receipt)
    {
        await page.GotoAsync($"{browser.BaseUrl}/track");
        await page.GetByLabel("查询回执号").FillAsync(receipt);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
    }

    private async Task AppealOnTrackAsync(IPage page, string receipt, string reason)
    {
        await TrackAsync(page, receipt);
        await Assertions.Expect(page.Locator("[data-lane=Administrative]")).ToHaveTextAsync("行政渠道");
        await page.GetByLabel("申诉理由", new() { Exact = true }).FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "申请复核" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已提交复核申请")).ToBeVisibleAsync();
    }

    private async Task SeesUnclaimedAsync(IPage page, string user, string caseNumber, bool sees)
    {
        await browser.SignInAsync(page, user);
        await page.GotoAsync($"{browser.BaseUrl}/staff");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "待认领" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tabpanel)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = caseNumber })).ToHaveCountAsync(sees ? 1 : 0);
    }

    [Fact]
    public async Task AdministrativeAppeal_GoesToTheDistrictThenTheReviewOffice_NeverToTheInspector_ThenIsFinal()
    {
        browser.SkipIfUnavailable();
        var township = await ActorAsync("yuxi.reviewer");
        var announcement = (await Get<AnnouncementStore>().OpenNowAsync(Ct))
            .First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode.StartsWith(township.Scope.Prefix, StringComparison.Ordinal)
                && a.RegionCode != township.HomeVillageCode);
        var filed = (await Get<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(announcement.Id, null, ObjectionCategory.WronglyExcluded,
            "我家去年因病致贫，符合条件却没有列入名单，请核实。", true, null, null, null, true, []), null, Ct)).Accepted!;
        await AnswerAsync(filed.Id, township, escalated: false);
        var resident = await browser.NewPageAsync(360, 800);
        var district = await browser.NewPageAsync(1280, 900);
        var inspector = await browser.NewPageAsync(1280, 900);
        var office = await browser.NewPageAsync(1280, 900);

        await browser.RunAsync(resident, "lanes-appeal-first", () => AppealOnTrackAsync(resident, filed.Receipt, "镇里的答复没有说明收入是怎么算的，请区里复查。"));
        await browser.RunAsync(district, "lanes-appeal-district", () => SeesUnclaimedAsync(district, "district.reviewer", filed.CaseNumber, sees: true));
        await browser.RunAsync(inspector, "lanes-appeal-inspector", () => SeesUnclaimedAsync(inspector, "inspector", filed.CaseNumber, sees: false));

        await AnswerAsync(filed.Id, await ActorAsync("district.reviewer"), escalated: true);
        await browser.RunAsync(resident, "lanes-appeal-second", () => AppealOnTrackAsync(resident, filed.Receipt, "区里的复查答复仍未核实病历，请复核机构复核。"));
        Assert.Equal(ReviewQueue.ReviewOffice, (await Get<ObjectionStore>().GetAsync(filed.Id, Ct))!.Queue);
        await browser.RunAsync(office, "lanes-appeal-office", async () =>
        {
            await SeesUnclaimedAsync(office, "review.officer", filed.CaseNumber, sees: true);
            await Assertions.Expect(office.GetByText("已提交上级复核").First).ToBeVisibleAsync();
        });
        await browser.RunAsync(inspector, "lanes-appeal-inspector-again", () => SeesUnclaimedAsync(inspector, "inspector", filed.CaseNumber, sees: false));

        await AnswerAsync(filed.Id, await ActorAsync("review.officer"), escalated: true);
        await browser.RunAsync(resident, "lanes-appeal-final", async () =>
        {
            await TrackAsync(resident, filed.Receipt);
            await Assertions.Expect(resident.Locator("[data-final=true]")).ToContainTextAsync("同一事实和理由不再受理");
            await Assertions.Expect(resident.GetByRole(AriaRole.Button, new() { Name = "申请复核" })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task FavouritismComplaint_GetsADispositionFromTheInspector_AndTheNamedComplainantSeesTheAcceptance()
    {
        browser.SkipIfUnavailable();
        const string Told = "您实名反映的村干部优亲厚友问题，我委已于近日受理，将依规处理。";
        var announcement = (await Get<AnnouncementStore>().OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[1].Villages[0].Code);
        var resident = await browser.NewPageAsync(360, 800);
        var inspector = await browser.NewPageAsync(1280, 900);

        string receipt = "", caseNumber = "";
        await browser.RunAsync(resident, "lanes-misconduct-resident", async () =>
        {
            await resident.GotoAsync($"{browser.BaseUrl}{AnnouncementUrls.NewObjection(announcement.Id, null)}");
            await resident.GetByLabel("异议类别").SelectOptionAsync("Favouritism");
            await resident.GetByLabel("异议内容").FillAsync("村主任把自己的侄子报进了名单，他家有车有房，我愿意实名反映。");
            await resident.GetByLabel("实名提出").CheckAsync();
            await resident.GetByLabel("姓名").FillAsync("何桂兰");
            await resident.GetByLabel("联系电话").FillAsync("13981230000");
            await resident.GetByLabel("与本村的关系").FillAsync("本村村民");
            await resident.GetByLabel("我已阅读并同意隐私说明").CheckAsync();
            await resident.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
            receipt = (await resident.Locator(".receipt-digits").InnerTextAsync()).Trim();
            caseNumber = (await resident.Locator(".receipt dd strong").First.InnerTextAsync()).Trim();
        });

        await browser.RunAsync(inspector, "lanes-misconduct-inspector", async () =>
        {
            await SeesUnclaimedAsync(inspector, "inspector", caseNumber, sees: true);
            await inspector.GetByRole(AriaRole.Link, new() { Name = caseNumber }).ClickAsync();
            await inspector.WaitForURLAsync("**/staff/objections/*");
            await BrowserFixture.WaitForCircuitAsync(inspector);
            await Assertions.Expect(inspector.Locator("[data-lane=Misconduct]").First).ToBeVisibleAsync();
            await Act(inspector, "受理立案");
            await inspector.GetByLabel("告知实名举报人的受理情况").FillAsync(Told);
            await inspector.GetByRole(AriaRole.Button, new() { Name = "告知受理情况" }).ClickAsync();
            await Assertions.Expect(inspector.GetByRole(AriaRole.Dialog)).ToContainTextAsync("我委已于近日受理");
            await Act(inspector, "确认发送");
            await BrowserFixture.ChooseAsync(inspector, inspector.GetByLabel("处置方式", new() { Exact = true }), "初步核实");
            await inspector.GetByLabel("处理决定的理由").FillAsync("初步核实：该户确有登记在其名下的小轿车，转入核查。");
            await Act(inspector, "作出处理决定");
            await Assertions.Expect(inspector.Locator("[data-disposition=PreliminaryVerification]")).ToHaveTextAsync("初步核实");
            // The result notice is now owed, and flagged.
            await Assertions.Expect(inspector.Locator("[data-notice=TellResult]")).ToBeVisibleAsync();
        });

        await browser.RunAsync(resident, "lanes-misconduct-track", async () =>
        {
            await TrackAsync(resident, receipt);
            await Assertions.Expect(resident.Locator("[data-lane=Misconduct]")).ToHaveTextAsync("纪检监察渠道");
            await Assertions.Expect(resident.GetByText(Told)).ToBeVisibleAsync();
            Assert.DoesNotContain("该户确有登记在其名下的小轿车", await resident.ContentAsync());
        });
    }

    private static Task Act(IPage page, string button) => ReviewJourneyTests.Act(page, button);
}
