using System.Text.RegularExpressions;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Staff;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Households;

public sealed class HouseholdLifecycleTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Theory]
    [InlineData(AnnouncementKind.Identification, HouseholdStatus.Applicant, false, HouseholdStatus.Identified)]
    [InlineData(AnnouncementKind.Identification, HouseholdStatus.Exited, false, HouseholdStatus.Returned)]
    [InlineData(AnnouncementKind.Identification, HouseholdStatus.Identified, true, HouseholdStatus.Removed)]
    [InlineData(AnnouncementKind.Exit, HouseholdStatus.Identified, false, HouseholdStatus.Exited)]
    [InlineData(AnnouncementKind.Exit, HouseholdStatus.Returned, false, HouseholdStatus.Exited)]
    public void Next_TheSpecsTransitions(AnnouncementKind kind, HouseholdStatus from, bool withdrawn, HouseholdStatus to) =>
        Assert.Equal(to, HouseholdLifecycle.Next(kind, from, withdrawn));

    [Theory]
    [InlineData(AnnouncementKind.Identification, HouseholdStatus.Applicant, true)]
    [InlineData(AnnouncementKind.Identification, HouseholdStatus.Removed, false)]
    [InlineData(AnnouncementKind.Exit, HouseholdStatus.Identified, true)]
    [InlineData(AnnouncementKind.Exit, HouseholdStatus.Applicant, false)]
    [InlineData(AnnouncementKind.Exit, HouseholdStatus.Exited, false)]
    [InlineData(AnnouncementKind.AssistancePlan, HouseholdStatus.Identified, false)]
    [InlineData(AnnouncementKind.FundsAndProjects, HouseholdStatus.Identified, false)]
    public void Next_AnythingElse_ChangesNothing(AnnouncementKind kind, HouseholdStatus from, bool withdrawn) =>
        Assert.Null(HouseholdLifecycle.Next(kind, from, withdrawn));

    [Fact]
    public void OnlyOneStatement_ChangesAHouseholdsStatus()
    {
        var writers = IssuedStatements.For(database.Db)
            .Where(s => Regex.IsMatch(s.Sql, @"UPDATE\s+Household\s+SET[\s\S]*\bStatus\s*=", RegexOptions.IgnoreCase))
            .Select(s => s.Source).ToList();

        Assert.Equal(["AnnouncementStore.UpdateHouseholdStatus"], writers);
    }

    [Fact]
    public async Task Exit_ThroughAllThreeStages_ChangesStatusOnlyAtTheFinalizedDistrictNotice_WithHistory()
    {
        var village = DemoDistrict.Townships[1].Villages[2].Code;
        var township = new StaffActor(1, "guanyinjing.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[1].Code));
        var district = new StaffActor(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));
        var store = database.Announcements;
        var households = (await store.CandidatesAsync(AnnouncementKind.Exit, village, Ct)).Take(3).Select(c => c.Id).ToList();
        var id = (await store.CreateDraftAsync(AnnouncementKind.Exit, village, households, township, Ct)).Id!.Value;

        foreach (var (actor, stage) in new[] { (township, "village"), (township, "township"), (district, "district") })
        {
            var today = Period.Today(database.Clock.GetUtcNow());
            Assert.True((await store.PublishAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, new Period(today, today.AddDays(6)), actor, Ct)).IsAllowed, stage);
            database.Clock.Advance(TimeSpan.FromDays(8));
            Assert.True((await store.FinalizeAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, actor, Ct)).IsAllowed, stage);
            if (stage != "district")
            {
                Assert.All(households, h => Assert.Equal(HouseholdStatus.Identified, database.Households.StatusAsync(h, Ct).Result));
                id = (await store.AdvanceAsync(id, actor, Ct)).Id!.Value;
            }
        }

        foreach (var h in households)
        {
            Assert.Equal(HouseholdStatus.Exited, await database.Households.StatusAsync(h, Ct));
            var change = Assert.Single(await database.Households.HistoryAsync(h, Ct));
            Assert.Equal((HouseholdStatus.Identified, HouseholdStatus.Exited, id), (change.FromStatus, change.ToStatus, change.AnnouncementId));
            Assert.Contains("区级公告", change.AnnouncementTitle);
        }
    }
}
