using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// A monitoring inclusion through the store: a 5-day village publicity, then the township's first check and the
// district's decision, neither posted: each is finalized from its draft at once by its role only, and never public.
public abstract class CheckStageStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));
    private static readonly StaffActor District = new(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));

    private AnnouncementStore Store => database.Announcements;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateOnly Today => ShanghaiTime.Today(database.Clock.GetUtcNow());

    public async ValueTask InitializeAsync() => await database.SeedAsync(600);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<long> Concurrency(long id) => (await Store.GetAsync(id, Ct))!.Concurrency;

    [Fact]
    public async Task MonitoringInclusion_ChecksWithoutPublicity_AreFinalizedAtOnceByTheirRole_AndNeverPublic()
    {
        // A monitoring inclusion lists households with a proposed monitoring case (a risk clue recorded by staff).
        var monitoring = database.Services.GetRequiredService<Portal.Features.Households.MonitoringStore>();
        foreach (var household in (await Store.CandidatesAsync(AnnouncementKind.Identification, Guihua, Ct)).Take(3))
        {
            await monitoring.OpenAsync(new Portal.Features.Households.NewMonitoringCase(household.Id, Portal.Features.Households.MonitoringType.MarginalAtRisk, "务工收入中断", Today), Reviewer, Ct);
        }
        var candidates = (await Store.CandidatesAsync(AnnouncementKind.MonitoringInclusion, Guihua, Ct)).Take(3).Select(c => c.Id).ToList();
        Assert.Equal(3, candidates.Count);
        var village = (await Store.CreateDraftAsync(AnnouncementKind.MonitoringInclusion, Guihua, candidates, Reviewer, Ct)).Id!.Value;
        Assert.Equal("玉溪镇桂花村2026年纳入防止返贫致贫对象村级公示", (await Store.GetAsync(village, Ct))!.Title);
        // Four days are too few; five are the minimum.
        Assert.Equal("Announcement.PeriodTooShort", (await Store.PublishAsync(village, await Concurrency(village), new Period(Today, Today.AddDays(3)), Reviewer, Ct)).Rule);
        Assert.True((await Store.PublishAsync(village, await Concurrency(village), new Period(Today, Today.AddDays(4)), Reviewer, Ct)).IsAllowed);
        database.Clock.Advance(TimeSpan.FromDays(6));
        Assert.True((await Store.FinalizeAsync(village, await Concurrency(village), Reviewer, Ct)).IsAllowed);

        var check = (await Store.AdvanceAsync(village, Reviewer, Ct)).Id!.Value;
        var draft = (await Store.GetAsync(check, Ct))!;
        Assert.Equal((AnnouncementStage.TownshipPublicity, AnnouncementStatus.Draft, 3), (draft.Stage, draft.Status, draft.EntryCount));
        Assert.Equal("玉溪镇桂花村2026年纳入防止返贫致贫对象乡镇初审", draft.Title);
        Assert.Equal("Announcement.CheckWithoutPublicity", (await Store.PublishAsync(check, draft.Concurrency, new Period(Today, Today.AddDays(6)), Reviewer, Ct)).Rule);
        Assert.Equal("Announcement.RoleCannotPublish", (await Store.FinalizeAsync(check, draft.Concurrency, District, Ct)).Rule);
        Assert.True((await Store.FinalizeAsync(check, draft.Concurrency, Reviewer, Ct)).IsAllowed);
        var checkedStage = (await Store.GetAsync(check, Ct))!;
        Assert.Equal(AnnouncementStatus.Finalized, checkedStage.Status);
        Assert.Null(checkedStage.Period);

        var decision = (await Store.AdvanceAsync(check, Reviewer, Ct)).Id!.Value;
        Assert.Equal("Announcement.RoleCannotPublish", (await Store.FinalizeAsync(decision, await Concurrency(decision), Reviewer, Ct)).Rule);
        Assert.True((await Store.FinalizeAsync(decision, await Concurrency(decision), District, Ct)).IsAllowed);
        Assert.Equal("Announcement.LastStage", (await Store.AdvanceAsync(decision, District, Ct)).Result.Rule);

        // Only the village publicity was ever public.
        var listed = (await Store.SearchAsync(new AnnouncementQuery(PageSize: 100), Ct)).Items.Select(a => a.Id).ToList();
        Assert.Contains(village, listed);
        Assert.DoesNotContain(check, listed);
        Assert.DoesNotContain(decision, listed);
        Assert.Null(await Store.NextStageAsync(village, Ct));
        Assert.Empty((await Store.SearchAsync(new AnnouncementQuery(Stage: AnnouncementStage.TownshipPublicity, Kind: AnnouncementKind.MonitoringInclusion), Ct)).Items);
    }
}

public sealed class SqliteCheckStageStoreTests : CheckStageStoreTests<SqliteEngine>;

public sealed class PostgreSqlCheckStageStoreTests : CheckStageStoreTests<PostgreSqlEngine>;

public sealed class SqlServerCheckStageStoreTests : CheckStageStoreTests<SqlServerEngine>;
