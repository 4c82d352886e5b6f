using Dapper;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Demo;

public sealed class DemoSeederTests
{
    private static readonly Portal.Features.Accounts.StaffActor DistrictReviewer = new(0, "district.reviewer",
        Portal.Features.Accounts.StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));

    // The demo as the portal seeds it, with its staff, announcements, monitoring cases and reports.
    private static async Task<SqliteTestDatabase> DemoDatabaseAsync()
    {
        var database = SqliteTestDatabase.Create();
        var demo = new DemoOptions();
        await database.SeedAsync(demo.Households, demo.RandomSeed, staff: true);
        return database;
    }

    [Fact]
    public void Households_SameSeed_AreIdentical()
    {
        var first = DemoSeeder.Households(500, 42).ToList();
        var second = DemoSeeder.Households(500, 42).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Households_OtherSeed_Differ() =>
        Assert.NotEqual(DemoSeeder.Households(50, 1).Select(h => h.HeadName), DemoSeeder.Households(50, 2).Select(h => h.HeadName));

    [Fact]
    public void Households_TwoThousand_AreRealisticAndHaveValidUniqueIdNumbers()
    {
        var households = DemoSeeder.Households(2000, 511903).ToList();

        Assert.All(households, h => Assert.True(ResidentIdNumber.IsValid(h.IdNumber), h.IdNumber));
        Assert.Equal(households.Count, households.Select(h => h.IdNumber).Distinct().Count());
        Assert.All(households, h => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,3}$", h.HeadName));
        Assert.All(households, h => Assert.Matches(@"^1[3578]\d{9}$", h.Phone!));
        Assert.All(Enum.GetValues<HouseholdStatus>(), s => Assert.Contains(households, h => h.Status == s));
        Assert.All(Enum.GetValues<PovertyCause>(), c => Assert.Contains(households, h => h.Cause == c));
        Assert.All(households.Where(h => h.Status == HouseholdStatus.Exited), h => Assert.True(h.ExitYear >= h.IdentifiedYear));
        // Every village gets households.
        var villages = DemoDistrict.Townships.SelectMany(t => t.Villages).Select(v => v.Code);
        Assert.All(villages, v => Assert.Contains(households, h => h.GroupCode.StartsWith(v, StringComparison.Ordinal)));
    }

    [Fact]
    public void Regions_DemoDistrict_HasTheRequiredTownshipsAndVillages()
    {
        var regions = DemoDistrict.Regions().ToList();

        Assert.True(regions.Count(r => r.Level == RegionLevel.Township) >= 4);
        Assert.True(regions.Count(r => r.Level == RegionLevel.Village) >= 12);
        foreach (var name in new[] { "玉溪镇", "观音井镇", "九镇乡", "桂花村", "槐树村", "金山村", "观音庵村", "中山寨村" })
        {
            Assert.Contains(regions, r => r.Name == name);
        }
        Assert.All(regions.Where(r => r.ParentCode is not null), r => Assert.True(RegionScope.Of(r.ParentCode!).Contains(r.Code), r.Code));
    }

    [Fact]
    public async Task Seed_SameSeedIntoTwoDatabases_GivesTheSameRows()
    {
        await using var a = SqliteTestDatabase.Create();
        await using var b = SqliteTestDatabase.Create();
        await a.SeedAsync(200, 9);
        await b.SeedAsync(200, 9);
        var query = new HouseholdQuery(PageSize: 200);

        var rowsA = (await a.Households.SearchAsync(query, TestContext.Current.CancellationToken)).Items;
        var rowsB = (await b.Households.SearchAsync(query, TestContext.Current.CancellationToken)).Items;

        Assert.Equal(200, rowsA.Count);
        Assert.Equal(rowsA, rowsB);
    }

    [Fact]
    public async Task DemoExitLists_NameNoHouseholdBelowTheIncomeLineOrWithoutTheAssurances()
    {
        await using var database = SqliteTestDatabase.Create();
        var demo = new DemoOptions();
        await database.SeedAsync(demo.Households, demo.RandomSeed, staff: true);
        await using var c = await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        var entries = (await c.QueryAsync<AnnouncementEntry>("""
            SELECT e.AnnouncementId, e.Subject, e.IncomePerCapita, e.AssurancesMet, e.Withdrawn
              FROM AnnouncementEntry e
              JOIN Announcement a ON a.Id = e.AnnouncementId
             WHERE a.Kind = 'Exit'
            """)).AsList();

        Assert.True(entries.Select(e => e.AnnouncementId).Distinct().Count() >= 4, "the demo has Exit lists in several states");
        Assert.All(entries, e => Assert.True(database.Rules.CanExit(e.Subject, e.IncomePerCapita, e.AssurancesMet).IsAllowed,
            $"{e.Subject}: income {e.IncomePerCapita}, assurances {e.AssurancesMet}"));
    }

    [Fact]
    public async Task DemoMonitoring_HasEveryTypeAndStatus_OverdueClocks_FollowUpsDue_AndOpenMonitoringAnnouncements()
    {
        await using var database = await DemoDatabaseAsync();
        var demo = new DemoOptions();
        var ct = TestContext.Current.CancellationToken;
        var district = DistrictReviewer;
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MonitoringStore>(database.Services);
        var today = Portal.Infrastructure.ShanghaiTime.Today(database.Clock.GetUtcNow());

        var cases = await store.InScopeAsync(district, null, ct);

        Assert.Equal(Enum.GetValues<MonitoringType>().Order(), cases.Select(c => c.Type).Distinct().Order());
        Assert.Equal(Enum.GetValues<MonitoringStatus>().Order(), cases.Select(c => c.Status).Distinct().Order());
        Assert.Contains(cases, c => c.Status == MonitoringStatus.Proposed && MonitoringRules.Clock(c.FirstClueDate, today, Portal.Features.Calendar.WorkingDays.WeekendsOnly).Overdue);
        Assert.NotEmpty(await store.FollowUpsDueAsync(district, ct));
        await using var c = await database.Db.OpenAsync(ct);
        var open = (await c.QueryAsync<(string Kind, string Stage, string Status)>(
            "SELECT Kind, Stage, Status FROM Announcement WHERE Kind IN ('MonitoringInclusion', 'RiskElimination') AND Status = 'Published'")).AsList();
        Assert.Contains(("MonitoringInclusion", "VillagePublicity", "Published"), open);
        Assert.Contains(("RiskElimination", "VillagePublicity", "Published"), open);
        // The township check is never posted: a draft the township confirms.
        Assert.Contains(("RiskElimination", "TownshipPublicity", "Draft"), (await c.QueryAsync<(string Kind, string Stage, string Status)>(
            "SELECT Kind, Stage, Status FROM Announcement WHERE Kind = 'RiskElimination' AND Status = 'Draft'")).AsList());

        // The same seed, the same cases.
        await using var again = SqliteTestDatabase.Create();
        await again.SeedAsync(demo.Households, demo.RandomSeed, staff: true);
        var store2 = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MonitoringStore>(again.Services);
        Assert.Equal(cases, await store2.InScopeAsync(district, null, ct));
    }

    [Fact]
    public async Task DemoReports_InEveryState_TheIncludedOneWithARealMonitoringCaseFromItsReceiptDay()
    {
        await using var database = await DemoDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        var district = DistrictReviewer;
        var reports = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Portal.Features.Reports.ReportStore>(database.Services);
        var monitoring = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MonitoringStore>(database.Services);
        await using var c = await database.Db.OpenAsync(ct);

        Assert.Equal(["Included", "Received", "Refused", "Visited"], (await c.QueryAsync<string>("SELECT DISTINCT State FROM Report ORDER BY State")).AsList());
        var included = (await c.QueryAsync<long>("SELECT Id FROM Report WHERE State = 'Included'")).AsList();
        Assert.NotEmpty(included);
        foreach (var id in included)
        {
            var report = (await reports.GetAsync(id, district, ct))!.Report;
            var opened = await monitoring.GetAsync(report.MonitoringCaseId!.Value, ct);
            Assert.NotNull(opened);
            Assert.Equal((MonitoringStatus.Proposed, report.Subject, report.VillageCode, Portal.Infrastructure.ShanghaiTime.DateOf(report.ReceivedUtc), report.CaseNumber),
                (opened.Status, opened.HeadName, opened.VillageCode, opened.FirstClueDate, opened.ReportCaseNumber));
        }
    }
}
