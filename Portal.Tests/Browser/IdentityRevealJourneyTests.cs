using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// Two people to reveal a named complainant (issue 16): inspector A asks with a reason and cannot see the name, nor
// approve their own request; inspector B finds the request on the workbench and approves it with a reason; only then
// A sees the name; and the complainant's /track page says, naming nobody, that their identity was viewed and when.
[Collection(BrowserCollection.Name)]
public sealed partial class IdentityRevealJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private const string Name = "岳秀兰";
    private const string Phone = "13981237654";
    private const string AskReason = "反映村干部优亲厚友，需要联系实名反映人当面核实线索";
    private const string ApproveReason = "线索具体，确需当面核实，同意查看";

    [Fact]
    public async Task InspectorAsks_CannotSeeNorApprove_SecondInspectorApproves_ThenTheAskerSees_AndTrackSaysItWasViewed()
    {
        browser.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var announcement = (await browser.App.Services.GetRequiredService<AnnouncementStore>().OpenNowAsync(ct))
            .First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[1].Code);
        var filed = (await browser.App.Services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(announcement.Id, null,
            ObjectionCategory.Favouritism, $"村干部把自己的亲戚报进了名单，我愿意实名反映并配合调查。{Guid.NewGuid():N}", false, Name, Phone, "本村村民", true, []),
            null, ct)).Accepted!;
        var a = await browser.NewPageAsync();
        var b = await browser.NewPageAsync();
        var resident = await browser.NewPageAsync(360, 800);

        await browser.RunAsync(a, "reveal-journey-asker", async () =>
        {
            await browser.OpenCaseAsync(a, "inspector", filed.CaseNumber);
            var panel = a.Locator("[data-reveal-panel]");
            await Assertions.Expect(panel).ToContainTextAsync("须由两人决定");
            Assert.DoesNotContain(Name, await a.ContentAsync());

            // No reason, no request.
            await a.GetByRole(AriaRole.Button, new() { Name = "申请查看实名信息" }).ClickAsync();
            await Assertions.Expect(panel.GetByRole(AriaRole.Alert)).ToContainTextAsync("理由：请写明理由");

            await a.GetByLabel("申请理由").FillAsync(AskReason);
            await a.GetByRole(AriaRole.Button, new() { Name = "申请查看实名信息" }).ClickAsync();
            await Assertions.Expect(panel).ToContainTextAsync("正在等待另一名纪检监察人员审批");
            // Asking shows nothing, and A has no way to approve what A asked: not on the case page, not on the workbench.
            Assert.DoesNotContain(Name, await a.ContentAsync());
            await Assertions.Expect(panel).ToContainTextAsync("不能审批自己的申请");
            await Assertions.Expect(a.GetByRole(AriaRole.Button, new() { Name = "批准", Exact = true })).ToHaveCountAsync(0);
            await Assertions.Expect(a.Locator("[data-reveal-view]")).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(a, "reveal-asked-1280");

            await a.GotoAsync($"{browser.BaseUrl}/staff");
            await BrowserFixture.WaitForCircuitAsync(a);
            await Assertions.Expect(a.Locator("[data-reveal-queue]")).ToContainTextAsync("没有待您审批的申请");
        });

        await browser.RunAsync(b, "reveal-journey-approver", async () =>
        {
            await browser.SignInAsync(b, "inspector2");
            await b.GotoAsync($"{browser.BaseUrl}/staff");
            await BrowserFixture.WaitForCircuitAsync(b);
            var queue = b.Locator("[data-reveal-queue]");
            await Assertions.Expect(queue).ToContainTextAsync(AskReason);
            await BrowserFixture.ScreenshotAsync(b, "reveal-queue-1280");
            await queue.GetByRole(AriaRole.Link, new() { Name = filed.CaseNumber }).ClickAsync();
            await Assertions.Expect(b).ToHaveURLAsync(CasePath());
            await BrowserFixture.WaitForCircuitAsync(b);

            var request = b.Locator("[data-reveal-request]");
            await Assertions.Expect(request).ToContainTextAsync("inspector 于");
            await Assertions.Expect(request).ToContainTextAsync(AskReason);
            await b.GetByLabel("审批理由").FillAsync(ApproveReason);
            await b.GetByRole(AriaRole.Button, new() { Name = "批准", Exact = true }).ClickAsync();
            await Assertions.Expect(b.GetByText("已批准。")).ToBeVisibleAsync();
            await Assertions.Expect(request).ToHaveCountAsync(0);
            // Approving shows the approver nothing.
            Assert.DoesNotContain(Name, await b.ContentAsync());
        });

        await browser.RunAsync(a, "reveal-journey-asker-sees", async () =>
        {
            await a.GotoAsync($"{browser.BaseUrl}/staff/objections/{filed.Id}");
            await BrowserFixture.WaitForCircuitAsync(a);
            var panel = a.Locator("[data-reveal-panel]");
            await Assertions.Expect(panel).ToContainTextAsync("inspector2 已批准您的申请");
            Assert.DoesNotContain(Name, await a.ContentAsync());

            await a.GetByRole(AriaRole.Button, new() { Name = "查看实名信息（记录本次查看）" }).ClickAsync();
            await Assertions.Expect(a.GetByRole(AriaRole.Cell, new() { Name = Name })).ToBeVisibleAsync();
            await Assertions.Expect(a.GetByRole(AriaRole.Cell, new() { Name = Phone })).ToBeVisibleAsync();
            Assert.DoesNotContain(Name, a.Url);
            await BrowserFixture.ScreenshotAsync(a, "reveal-seen-1280");

            await a.GetByRole(AriaRole.Button, new() { Name = "隐藏" }).ClickAsync();
            await Assertions.Expect(a.GetByRole(AriaRole.Cell, new() { Name = Name })).ToHaveCountAsync(0);
        });

        await browser.RunAsync(resident, "reveal-journey-track", async () =>
        {
            await resident.GotoAsync($"{browser.BaseUrl}/track");
            await resident.GetByLabel("查询回执号").FillAsync(filed.Receipt);
            await resident.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            var viewed = resident.Locator("section.identity-views");
            await Assertions.Expect(viewed).ToContainTextAsync("您的身份信息被查看的记录");
            await Assertions.Expect(viewed.Locator("li")).ToHaveCountAsync(1);
            Assert.Matches(ViewedAt(), await viewed.Locator("li").InnerTextAsync());
            var text = await resident.Locator("main").InnerTextAsync();
            foreach (var hidden in new[] { "inspector", "周明", "李娟", AskReason, ApproveReason }) Assert.DoesNotContain(hidden, text);
            await BrowserFixture.ScreenshotAsync(resident, "reveal-track-360");
            Assert.True(await resident.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), "the track page is wider than the phone");
        });

        // On a phone the asker's panel fits the screen.
        var phone = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(phone, "reveal-journey-phone", async () =>
        {
            await browser.SignInAsync(phone, "inspector");
            await phone.GotoAsync($"{browser.BaseUrl}/staff/objections/{filed.Id}");
            await BrowserFixture.WaitForCircuitAsync(phone);
            var panel = phone.Locator("[data-reveal-panel]");
            await Assertions.Expect(panel).ToContainTextAsync("inspector2 已批准您的申请");
            await panel.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "reveal-panel-360.png") });
            var width = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"the case page is {width} px wide at 360 px");
        });
    }

    [GeneratedRegex(@"/staff/objections/\d+$")]
    private static partial Regex CasePath();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} （北京时间）$")]
    private static partial Regex ViewedAt();
}
