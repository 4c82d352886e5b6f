using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// A reviewer starts the reply from the demo's template for the case, adds a line of their own and sends it; the
// complainant reads exactly that on /track.
[Collection(BrowserCollection.Name)]
public sealed class ReplyTemplateJourneyTests(BrowserFixture browser) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => browser.ClosePagesAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reply_StartedFromATemplateAndEdited_IsSentAsEdited()
    {
        browser.SkipIfUnavailable();
        var services = browser.App.Services;
        var announcement = (await services.GetRequiredService<AnnouncementStore>().OpenNowAsync(Ct))
            .First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await services.GetRequiredService<AnnouncementStore>().EntriesAsync(announcement.Id, Ct))[2];
        var filed = (await services.GetRequiredService<ObjectionIntake>().SubmitAsync(new ObjectionSubmission(announcement.Id, entry.Id,
            ObjectionCategory.WronglyIncluded, $"该户家里有两辆小汽车，不符合条件。{Guid.NewGuid():N}", true, null, null, null, true, []), null, Ct)).Accepted!;
        var actor = (await services.GetRequiredService<StaffUserStore>().FindAsync("yuxi.reviewer", Ct))!.Actor;
        var review = services.GetRequiredService<ReviewStore>();
        var objections = services.GetRequiredService<ObjectionStore>();
        foreach (var (action, outcome) in new (ReviewAction, Outcome?)[] { (ReviewAction.Accept, null), (ReviewAction.Investigate, null), (ReviewAction.Decide, Outcome.Upheld) })
        {
            Assert.True((await review.ActAsync(filed.Id, (await objections.GetAsync(filed.Id, Ct))!.Concurrency, action, actor, null, outcome, Ct)).IsAllowed);
        }
        var caseNumber = (await objections.GetAsync(filed.Id, Ct))!.CaseNumber!;
        const string Added = "经办人补充：已于上周入户核实两辆车均登记在户主名下。";

        var reviewer = await browser.NewPageAsync(360, 800);
        await browser.RunAsync(reviewer, "reply-template-journey", async () =>
        {
            await browser.SignInAsync(reviewer, "yuxi.reviewer");
            await reviewer.GotoAsync($"{browser.BaseUrl}/staff/objections/{filed.Id}");
            await BrowserFixture.WaitForCircuitAsync(reviewer);
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "不符合条件被纳入：异议成立" }).ClickAsync();
            var box = reviewer.GetByLabel("答复群众的内容");
            await Assertions.Expect(box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(caseNumber));
            await BrowserFixture.ScreenshotAsync(reviewer, "reply-template-picked");
            var text = await box.InputValueAsync();
            Assert.DoesNotContain("{", text);
            await box.FillAsync(text + Added);
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "答复群众" }).ClickAsync();
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "确认发送" }).ClickAsync();
            await Assertions.Expect(reviewer.Locator(".mud-chip").Filter(new() { HasText = "已答复" })).ToBeVisibleAsync();
            var tracked = (await services.GetRequiredService<ObjectionIntake>().TrackAsync(filed.Receipt, Ct))!;
            Assert.Equal(text + Added, tracked.Reply);
        });
    }
}
