using System.Globalization;
using System.Security.Claims;
using Bunit;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

using Portal.Features.Announcements.Staff;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Announcements;

// The staff editor offers only what the rules allow: publishing to the stage's own reviewers, and for a later stage
// only the previous stage's carried entries, each one dropped with its reason.
public sealed class AnnouncementEditorTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    private AnnouncementStore Store => database.Announcements;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(600);
        UseDatabase(database);
        Services.AddSingleton(database.Announcements);
        Services.AddSingleton(database.Rules);
        Services.AddSingleton<TimeProvider>(database.Clock);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private void SignInAs(string userName, StaffRole role, string region)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles(role.ToString());
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(PortalClaims.Region, region));
    }

    private IRenderedComponent<AnnouncementEditor> RenderEditor(long id)
    {
        RenderProviders();
        var page = Render<AnnouncementEditor>(p => p.Add(e => e.Id, id));
        page.WaitForAssertion(() => Assert.Contains("名单", page.Markup));
        return page;
    }

    private static bool OffersPublish(IRenderedComponent<AnnouncementEditor> page) =>
        page.FindAll("button").Any(b => b.TextContent.Trim() == "发布");

    private async Task<(long Id, IReadOnlyList<Candidate> Listed)> VillageDraftAsync()
    {
        var listed = (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).Where(c => c.Refusal is null).Take(5).ToList();
        return ((await Store.CreateDraftAsync(AnnouncementKind.Exit, Guihua, listed.Select(c => c.Id).ToList(), Reviewer, Ct)).Id!.Value, listed);
    }

    [Theory]
    [InlineData("district.reviewer", StaffRole.DistrictReviewer, false)]
    [InlineData("yuxi.reviewer", StaffRole.TownshipReviewer, true)]
    public async Task VillageStageDraft_OffersPublishingToTheTownshipsReviewerButNotToTheDistrictReviewer(string userName, StaffRole role, bool offered)
    {
        var (id, _) = await VillageDraftAsync();
        SignInAs(userName, role, role == StaffRole.DistrictReviewer ? DemoDistrict.DistrictCode : DemoDistrict.Townships[0].Code);

        Assert.Equal(offered, OffersPublish(RenderEditor(id)));
    }

    [Fact]
    public async Task TownshipStageDraft_OffersOnlyTheCarriedEntries_AndShowsTheReasonOfEachDroppedOne()
    {
        var (village, listed) = await VillageDraftAsync();
        var today = ShanghaiTime.Today(database.Clock.GetUtcNow());
        Assert.True((await Store.PublishAsync(village, (await Store.GetAsync(village, Ct))!.Concurrency, new Period(today, today.AddDays(6)), Reviewer, Ct)).IsAllowed);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE AnnouncementEntry SET Withdrawn = 1, WithdrawnReason = '恩阳-2026-000042' WHERE AnnouncementId = @village AND Position = 2", new { village });
        }
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.True((await Store.FinalizeAsync(village, (await Store.GetAsync(village, Ct))!.Concurrency, Reviewer, Ct)).IsAllowed);
        var township = (await Store.AdvanceAsync(village, Reviewer, Ct)).Id!.Value;
        Assert.True((await Store.SetDraftEntriesAsync(township, (await Store.GetAsync(township, Ct))!.Concurrency,
            [listed[0].Id, listed[2].Id, listed[3].Id], new Dictionary<long, string> { [listed[4].Id] = "重复登记" }, Reviewer, Ct)).IsAllowed);
        var outsider = (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).First(c => listed.All(l => l.Id != c.Id));
        SignInAs("yuxi.reviewer", StaffRole.TownshipReviewer, DemoDistrict.Townships[0].Code);

        var page = RenderEditor(township);

        page.WaitForAssertion(() => Assert.Contains(listed[4].Subject, page.Markup));
        Assert.DoesNotContain(outsider.Subject, page.Markup);
        Assert.DoesNotContain(listed[1].Subject, page.Markup);
        var reason = page.FindAll("label").Single(l => l.TextContent.Contains($"删除 {listed[4].Subject} 的原因"));
        Assert.Contains(page.FindAll("input"), i => i.GetAttribute("value") == "重复登记");
        Assert.NotNull(reason);
    }

    private async Task<(IRenderedComponent<AnnouncementEditor> Page, IRenderedComponent<MudDialogProvider> Dialogs, Task Publishing)> ClickPublishAsync(long id)
    {
        SignInAs("yuxi.reviewer", StaffRole.TownshipReviewer, DemoDistrict.Townships[0].Code);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderEditor(id);
        var publishing = page.FindAll("button").Single(b => b.TextContent.Trim() == "发布").ClickAsync(new MouseEventArgs());
        dialogs.WaitForAssertion(() => Assert.Contains("确认发布公示", dialogs.Markup));
        await Task.Yield();
        return (page, dialogs, publishing);
    }

    [Fact]
    public async Task Publish_AsksToConfirmThePeriodAndTheCount_AndCancellingPublishesNothing()
    {
        var (id, _) = await VillageDraftAsync();

        var (_, dialogs, publishing) = await ClickPublishAsync(id);

        Assert.Contains("公示期：2026-11-28 至 2026-12-04，共 7 天", dialogs.Markup);
        Assert.Contains("名单共 5 条", dialogs.Markup);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "取消").ClickAsync(new MouseEventArgs());
        await publishing;
        Assert.Equal(AnnouncementStatus.Draft, (await Store.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Publish_Confirmed_PublishesWithThatPeriod()
    {
        var (id, _) = await VillageDraftAsync();

        var (_, dialogs, publishing) = await ClickPublishAsync(id);
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "确认发布").ClickAsync(new MouseEventArgs());
        await publishing;

        var published = (await Store.GetAsync(id, Ct))!;
        Assert.Equal(AnnouncementStatus.Published, published.Status);
        Assert.Equal(new Period(new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 4)), published.Period);
    }

    [Fact]
    public async Task Revise_WithoutAReason_IsRefusedNamingTheField_AndMakesNoNewVersion()
    {
        var (id, _) = await VillageDraftAsync();
        var today = ShanghaiTime.Today(database.Clock.GetUtcNow());
        Assert.True((await Store.PublishAsync(id, (await Store.GetAsync(id, Ct))!.Concurrency, new Period(today, today.AddDays(6)), Reviewer, Ct)).IsAllowed);
        SignInAs("yuxi.reviewer", StaffRole.TownshipReviewer, DemoDistrict.Townships[0].Code);
        var page = RenderEditor(id);
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Contains("更正原因"));

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "更正并重新发布").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Contains("请填写“更正原因”", page.Find(".mud-alert-message").TextContent));
        Assert.Single(await Store.VersionsAsync(id, Ct));
    }

    [Fact]
    public async Task ClerksDraft_SaysWhoPublishesItAndWhatHappensNext_AndOffersNoPublishing()
    {
        var (id, _) = await VillageDraftAsync();
        SignInAs("guihua.clerk", StaffRole.VillageClerk, Guihua);

        var page = RenderEditor(id);

        Assert.False(OffersPublish(page));
        var who = page.Find(".who-publishes").TextContent;
        Assert.Contains("本草稿由玉溪镇的乡镇审核员审核发布", who);
        Assert.Contains("下一步：保存名单后告知玉溪镇的乡镇审核员", page.Markup);
    }

    [Fact]
    public async Task ExitDraft_PickerShowsIncomeAndAssurances_AndGreysOutTheHouseholdsThatFail()
    {
        var (id, _) = await VillageDraftAsync();
        var failing = (await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct)).First(c => c.Refusal is not null);
        SignInAs("yuxi.reviewer", StaffRole.TownshipReviewer, DemoDistrict.Townships[0].Code);

        var page = RenderEditor(id);

        Assert.Contains(page.FindAll("th"), th => th.TextContent.Contains("人均纯收入"));
        var row = page.FindAll("tr").First(r => r.TextContent.Contains(failing.Subject));
        Assert.Contains("不可选", row.TextContent);
        Assert.Contains("mud-table-row-disabled", row.ClassName ?? "");
    }

    [Fact]
    public async Task ExitDraft_ClickingAHouseholdThatMeetsTheRulesChoosesIt_SelectingAllLeavesOutTheOnesThatFail()
    {
        var (id, listed) = await VillageDraftAsync();
        var candidates = await Store.CandidatesAsync(AnnouncementKind.Exit, Guihua, Ct);
        var another = candidates.First(c => c.Refusal is null && listed.All(l => l.Id != c.Id));
        SignInAs("yuxi.reviewer", StaffRole.TownshipReviewer, DemoDistrict.Townships[0].Code);
        var page = RenderEditor(id);
        string Chosen() => page.Find(".mud-toolbar").TextContent;
        Assert.Contains("已选 5 项", Chosen());

        await page.FindAll("tbody tr").First(r => r.TextContent.Contains(another.Subject)).ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => Assert.Contains("已选 6 项", Chosen()));

        await page.Find("thead input[type=checkbox]").ChangeAsync(new ChangeEventArgs { Value = true });
        page.WaitForAssertion(() => Assert.Contains($"已选 {candidates.Count(c => c.Refusal is null)} 项", Chosen()));
    }

    [Theory]
    [InlineData("zh-CN", "2026年12月8日 星期二")]
    [InlineData("en", "Tue 8 Dec 2026")]
    public void DatePickerTitle_ReadsAsPeopleWriteTheDate(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        var L = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Portal.Resources.SharedResource>>();

        Assert.Equal(expected, new DateTime(2026, 12, 8).ToString(L["Editor.DatePickerTitle"], CultureInfo.CurrentCulture));
    }
}
