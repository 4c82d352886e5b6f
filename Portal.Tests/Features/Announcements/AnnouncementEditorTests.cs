using System.Globalization;
using System.Security.Claims;
using Bunit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Features.Staff;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

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
        var today = Period.Today(database.Clock.GetUtcNow());
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
}
