using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Households;

// Monitoring cases through MonitoringStore and through the finalizing of monitoring announcements, on a real SQLite file.
public abstract class MonitoringStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Clerk = new(1, "guihua.clerk", StaffRole.VillageClerk, RegionScope.Of(Guihua));
    private static readonly StaffActor Reviewer = new(2, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));
    private static readonly StaffActor District = new(3, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));

    private MonitoringStore Store => database.Services.GetRequiredService<MonitoringStore>();
    private AnnouncementStore Announcements => database.Announcements;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateOnly Today => ShanghaiTime.Today(database.Clock.GetUtcNow());

    public async ValueTask InitializeAsync() => await database.SeedAsync(300);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    // Households of the village with no monitoring case yet (the demo opens some).
    private async Task<IReadOnlyList<long>> FreeHouseholdsAsync(string village, int count)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return (await c.QueryAsync<long>(
            "SELECT Id FROM Household WHERE VillageCode = @village AND Id NOT IN (SELECT HouseholdId FROM MonitoringCase) ORDER BY Id",
            new { village })).Take(count).ToList();
    }

    private async Task<long> OpenAsync(long household, StaffActor? actor = null)
    {
        var opened = await Store.OpenAsync(new NewMonitoringCase(household, MonitoringType.SuddenHardship, "住院治疗，医疗支出约三万元", Today.AddDays(-2)), actor ?? Clerk, Ct);
        Assert.True(opened.Result.IsAllowed, opened.Result.Rule);
        return opened.Id!.Value;
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    // An announcement for the history lines to name (ChangeStatusAsync is called by its finalizing).
    private async Task<long> AnyAnnouncementAsync()
    {
        var candidate = (await Announcements.CandidatesAsync(AnnouncementKind.Identification, Guihua, Ct))[0];
        return (await Announcements.CreateDraftAsync(AnnouncementKind.Identification, Guihua, [candidate.Id], Reviewer, Ct)).Id!.Value;
    }

    [Fact]
    public async Task Open_RecordsAProposedCase_AndAnAuditLineWithoutTheRisk()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];

        var id = await OpenAsync(household);

        var c = Assert.Single(await Store.ForHouseholdAsync(household, District, Ct));
        Assert.Equal((id, MonitoringStatus.Proposed, MonitoringType.SuddenHardship, Today.AddDays(-2)), (c.Id, c.Status, c.Type, c.FirstClueDate));
        Assert.Equal("guihua.clerk", c.CreatedBy);
        var data = await ScalarAsync<string>("SELECT Data FROM AuditEvent WHERE Kind = 'MonitoringCaseOpened' AND Subject = @s", new { s = $"monitoring:{id}" });
        Assert.Contains("SuddenHardship", data);
        Assert.DoesNotContain("住院", data);
    }

    [Fact]
    public async Task Open_SecondOpenCaseForTheHousehold_IsRefusedAndNothingIsWritten()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];
        await OpenAsync(household);
        var audits = await ScalarAsync<long>("SELECT COUNT(*) FROM AuditEvent", new { });

        var second = await Store.OpenAsync(new NewMonitoringCase(household, MonitoringType.MarginalAtRisk, "务工收入中断", Today), Reviewer, Ct);

        Assert.Equal("Monitoring.AlreadyOpen", second.Result.Rule);
        Assert.Single(await Store.ForHouseholdAsync(household, District, Ct));
        Assert.Equal(audits, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditEvent", new { }));
    }

    [Fact]
    public async Task Open_OutsideTheRegion_ByAnInspector_OrForAnUnknownHousehold_IsRefused()
    {
        var otherVillage = (await FreeHouseholdsAsync(DemoDistrict.Townships[1].Villages[0].Code, 1))[0];
        var here = (await FreeHouseholdsAsync(Guihua, 1))[0];
        var inspector = new StaffActor(4, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(DemoDistrict.DistrictCode));
        NewMonitoringCase Case(long h) => new(h, MonitoringType.UnstableExited, "产业收入下降", Today);

        Assert.Equal("Monitoring.OutsideRegion", (await Store.OpenAsync(Case(otherVillage), Clerk, Ct)).Result.Rule);
        Assert.Equal("Monitoring.OutsideRegion", (await Store.OpenAsync(Case(here), inspector, Ct)).Result.Rule);
        Assert.Equal("Monitoring.OutsideRegion", (await Store.OpenAsync(Case(long.MaxValue), District, Ct)).Result.Rule);
        Assert.Equal("firstClueDate", (await Store.OpenAsync(Case(here) with { FirstClueDate = Today.AddDays(1) }, Clerk, Ct)).Result.Field);
        Assert.Empty(await Store.ForHouseholdAsync(otherVillage, District, Ct));
        Assert.Empty(await Store.ForHouseholdAsync(here, District, Ct));
    }

    [Fact]
    public async Task Database_RefusesASecondOpenCase_EvenPastTheStore()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];
        await OpenAsync(household);

        await using var c = await database.Db.OpenAsync(Ct);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(
            "INSERT INTO MonitoringCase (HouseholdId, Type, Risk, FirstClueDate, Status, CreatedBy, CreatedUtc) VALUES (@household, 'MarginalAtRisk', 'x', '2026-11-01', 'Monitored', 'x', '2026-11-01')",
            new { household }));
    }

    [Fact]
    public async Task ChangeStatus_KeepsHistory_SetsFollowUpSixMonthsLater_AndAllowsANewCaseAfterElimination()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];
        var id = await OpenAsync(household);
        var announcement = await AnyAnnouncementAsync();
        var now = database.Clock.GetUtcNow();
        var decided = new DateOnly(2026, 11, 28);

        await using (var c = await database.Db.OpenAsync(Ct))
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            Assert.False(await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Proposed, MonitoringStatus.RiskEliminated, announcement, decided, now, Ct));
            Assert.True(await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Proposed, MonitoringStatus.Monitored, announcement, decided, now, Ct));
            Assert.False(await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Proposed, MonitoringStatus.Monitored, announcement, decided, now, Ct));
            Assert.True(await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated, announcement, decided.AddDays(200), now, Ct));
            await tx.CommitAsync(Ct);
        }

        var after = (await Store.GetAsync(id, Ct))!;
        Assert.Equal(MonitoringStatus.RiskEliminated, after.Status);
        Assert.Equal((decided, decided.AddDays(200), decided.AddDays(200).AddMonths(6)), (after.IncludedDate!.Value, after.EliminatedDate!.Value, after.FollowUpDue!.Value));
        Assert.Equal([(MonitoringStatus.Proposed, MonitoringStatus.Monitored), (MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated)],
            (await Store.HistoryAsync(id, Ct)).Select(h => (h.FromStatus, h.ToStatus)));
        // The eliminated record stays; the household may be proposed again.
        await OpenAsync(household);
        Assert.Equal(2, (await Store.ForHouseholdAsync(household, District, Ct)).Count);
    }

    [Fact]
    public async Task FollowUp_DueOnlyFromSixMonthsAfterElimination_RecordedOnceAndAudited()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];
        var id = await OpenAsync(household);
        var announcement = await AnyAnnouncementAsync();
        await using (var c = await database.Db.OpenAsync(Ct))
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            var now = database.Clock.GetUtcNow();
            await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Proposed, MonitoringStatus.Monitored, announcement, Today, now, Ct);
            await MonitoringStore.ChangeStatusAsync(c, tx, household, MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated, announcement, Today, now, Ct);
            await tx.CommitAsync(Ct);
        }
        Assert.DoesNotContain(await Store.FollowUpsDueAsync(Clerk, Ct), x => x.Id == id);

        database.Clock.Advance(TimeSpan.FromDays(183));
        Assert.Contains(await Store.FollowUpsDueAsync(Clerk, Ct), x => x.Id == id);
        var c1 = (await Store.GetAsync(id, Ct))!;
        var outsider = new StaffActor(5, "x", StaffRole.VillageClerk, RegionScope.Of(DemoDistrict.Townships[1].Villages[0].Code));
        Assert.Equal("Monitoring.OutsideRegion", (await Store.RecordFollowUpAsync(id, c1.Concurrency, Today, outsider, Ct)).Rule);
        Assert.True((await Store.RecordFollowUpAsync(id, c1.Concurrency, Today, Clerk, Ct)).IsAllowed);

        Assert.DoesNotContain(await Store.FollowUpsDueAsync(Clerk, Ct), x => x.Id == id);
        Assert.Equal("Monitoring.NoFollowUpOpen", (await Store.RecordFollowUpAsync(id, c1.Concurrency + 1, Today, Clerk, Ct)).Rule);
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'MonitoringFollowUpDone' AND Subject = @s", new { s = $"monitoring:{id}" }));
    }

    [Fact]
    public async Task Risk_IsReadByTheRegionsStaffOnly_NotByAdministratorsOrOtherRegions()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];
        await OpenAsync(household);
        var admin = new StaffActor(6, "admin", StaffRole.Administrator, RegionScope.Of(DemoDistrict.DistrictCode));
        var jiuzhen = new StaffActor(7, "jiuzhen.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[1].Code));

        Assert.Equal("住院治疗，医疗支出约三万元", Assert.Single(await Store.ForHouseholdAsync(household, Clerk, Ct)).Risk);
        Assert.Equal("", Assert.Single(await Store.ForHouseholdAsync(household, admin, Ct)).Risk);
        Assert.Empty(await Store.ForHouseholdAsync(household, jiuzhen, Ct));
        Assert.All(await Store.InScopeAsync(admin, null, Ct), c => Assert.Equal("", c.Risk));
    }

    [Fact]
    public async Task InScope_ListsOnlyTheRegionsCases()
    {
        var here = (await FreeHouseholdsAsync(Guihua, 1))[0];
        var there = (await FreeHouseholdsAsync(DemoDistrict.Townships[1].Villages[0].Code, 1))[0];
        var hereId = await OpenAsync(here);
        var thereId = await OpenAsync(there, District);

        var forClerk = await Store.InScopeAsync(Clerk, MonitoringStatus.Proposed, Ct);

        Assert.Contains(forClerk, c => c.Id == hereId);
        Assert.DoesNotContain(forClerk, c => c.Id == thereId);
        Assert.All(forClerk, c => Assert.StartsWith(Clerk.Scope.Prefix, c.VillageCode));
    }

    // The lineage of a monitoring announcement, stage by stage as its procedure says: a publicity is posted and finalized
    // after its period, a check without publicity is finalized from its draft.
    private async Task<long> RunToDecisionAsync(AnnouncementKind kind, IReadOnlyList<long> households)
    {
        var created = await Announcements.CreateDraftAsync(kind, Guihua, households, Reviewer, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        var id = created.Id!.Value;
        var stages = ProcedureCatalog.Defaults.For(kind).Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            var actor = stages[i].PublishedBy == StaffRole.DistrictReviewer ? District : Reviewer;
            if (stages[i].Publicity)
            {
                var a = (await Announcements.GetAsync(id, Ct))!;
                var published = await Announcements.PublishAsync(id, a.Concurrency, new Period(Today, Today.AddDays(6)), actor, Ct);
                Assert.True(published.IsAllowed, published.Rule);
                database.Clock.Advance(TimeSpan.FromDays(8));
            }
            var finalized = await Announcements.FinalizeAsync(id, (await Announcements.GetAsync(id, Ct))!.Concurrency, actor, Ct);
            Assert.True(finalized.IsAllowed, finalized.Rule);
            if (i < stages.Count - 1) id = (await Announcements.AdvanceAsync(id, Reviewer, Ct)).Id!.Value;
        }
        return id;
    }

    [Fact]
    public async Task FinalizedMonitoringInclusion_MovesItsProposedHouseholdsToMonitored_AndRiskEliminationOnward()
    {
        var households = await FreeHouseholdsAsync(Guihua, 3);
        var cases = new List<long>();
        foreach (var h in households) cases.Add(await OpenAsync(h));
        var candidates = await Announcements.CandidatesAsync(AnnouncementKind.MonitoringInclusion, Guihua, Ct);
        Assert.Superset(households.ToHashSet(), candidates.Select(c => c.Id).ToHashSet());
        Assert.DoesNotContain(await Announcements.CandidatesAsync(AnnouncementKind.RiskElimination, Guihua, Ct), c => households.Contains(c.Id));

        var decision = await RunToDecisionAsync(AnnouncementKind.MonitoringInclusion, households.Take(2).ToList());

        var statuses = new List<MonitoringStatus>();
        foreach (var id in cases) statuses.Add((await Store.GetAsync(id, Ct))!.Status);
        Assert.Equal([MonitoringStatus.Monitored, MonitoringStatus.Monitored, MonitoringStatus.Proposed], statuses);
        Assert.Equal(decision, Assert.Single(await Store.HistoryAsync(cases[0], Ct)).AnnouncementId);
        var entry = (await Announcements.EntriesAsync(decision, Ct))[0];
        Assert.Equal("SuddenHardship", entry.MonitoringType);
        Assert.Null(entry.Cause);

        await RunToDecisionAsync(AnnouncementKind.RiskElimination, [households[0]]);

        var eliminated = (await Store.GetAsync(cases[0], Ct))!;
        Assert.Equal(MonitoringStatus.RiskEliminated, eliminated.Status);
        Assert.Equal(eliminated.EliminatedDate!.Value.AddMonths(6), eliminated.FollowUpDue);
        Assert.Equal(2, (await Store.HistoryAsync(cases[0], Ct)).Count);
    }

    [Fact]
    public async Task MonitoringDraft_HouseholdWithoutAProposedCase_IsRefused()
    {
        var household = (await FreeHouseholdsAsync(Guihua, 1))[0];

        var created = await Announcements.CreateDraftAsync(AnnouncementKind.MonitoringInclusion, Guihua, [household], Reviewer, Ct);

        Assert.False(created.Result.IsAllowed);
    }
}

public sealed class SqliteMonitoringStoreTests : MonitoringStoreTests<SqliteEngine>;

public sealed class PostgreSqlMonitoringStoreTests : MonitoringStoreTests<PostgreSqlEngine>;

public sealed class SqlServerMonitoringStoreTests : MonitoringStoreTests<SqlServerEngine>;
