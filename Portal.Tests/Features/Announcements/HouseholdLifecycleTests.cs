using System.Text.RegularExpressions;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Announcements;

public abstract class HouseholdLifecycleTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
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

        Assert.Equal(["HouseholdStore.UpdateStatus"], writers);
    }

    private static readonly StaffActor Township = new(1, "guanyinjing.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[1].Code));
    private static readonly StaffActor District = new(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));
    private static readonly string Village = DemoDistrict.Townships[1].Villages[2].Code;

    // "Two publicities, one notice": publishes and finalizes each stage, checking after each of the first two that no
    // listed household changed yet; returns the district notice.
    private async Task<long> ThroughAllThreeStagesAsync(AnnouncementKind kind, IReadOnlyList<long> households)
    {
        var store = database.Announcements;
        var before = new Dictionary<long, HouseholdStatus?>();
        foreach (var h in households) before[h] = await database.Households.StatusAsync(h, Ct);
        var created = await store.CreateDraftAsync(kind, Village, households, Township, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        var id = created.Id!.Value;
        foreach (var (actor, stage) in new[] { (Township, "village"), (Township, "township"), (District, "district") })
        {
            var today = ShanghaiTime.Today(database.Clock.GetUtcNow());
            Assert.True((await store.PublishAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, new Period(today, today.AddDays(6)), actor, Ct)).IsAllowed, stage);
            database.Clock.Advance(TimeSpan.FromDays(8));
            Assert.True((await store.FinalizeAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, actor, Ct)).IsAllowed, stage);
            if (stage == "district") break;
            foreach (var h in households) Assert.Equal(before[h], await database.Households.StatusAsync(h, Ct));
            id = (await store.AdvanceAsync(id, actor, Ct)).Id!.Value;
        }
        return id;
    }

    [Fact]
    public async Task Exit_ThroughAllThreeStages_ChangesStatusOnlyAtTheFinalizedDistrictNotice_WithHistory()
    {
        var households = (await database.Announcements.CandidatesAsync(AnnouncementKind.Exit, Village, Ct))
            .Where(c => c.Refusal is null && c.Detail == nameof(HouseholdStatus.Identified)).Take(3).Select(c => c.Id).ToList();

        var id = await ThroughAllThreeStagesAsync(AnnouncementKind.Exit, households);

        foreach (var h in households)
        {
            Assert.Equal(HouseholdStatus.Exited, await database.Households.StatusAsync(h, Ct));
            var change = Assert.Single(await database.Households.HistoryAsync(h, Ct));
            Assert.Equal((HouseholdStatus.Identified, HouseholdStatus.Exited, id), (change.FromStatus, change.ToStatus, change.AnnouncementId));
            Assert.Contains("区级公告", change.AnnouncementTitle);
        }
    }

    [Fact]
    public async Task ExitedHousehold_IdentifiedAgain_BecomesReturned_AndCanExitAgain()
    {
        var exited = (await database.Announcements.CandidatesAsync(AnnouncementKind.Identification, Village, Ct))
            .First(c => c.Detail == nameof(HouseholdStatus.Exited)).Id;

        var identification = await ThroughAllThreeStagesAsync(AnnouncementKind.Identification, [exited]);

        Assert.Equal(HouseholdStatus.Returned, await database.Households.StatusAsync(exited, Ct));
        var change = Assert.Single(await database.Households.HistoryAsync(exited, Ct));
        Assert.Equal((HouseholdStatus.Exited, HouseholdStatus.Returned, identification), (change.FromStatus, change.ToStatus, change.AnnouncementId));
        var returned = Assert.Single(await database.Announcements.CandidatesAsync(AnnouncementKind.Exit, Village, Ct), c => c.Id == exited);
        Assert.Equal(nameof(HouseholdStatus.Returned), returned.Detail);

        await ThroughAllThreeStagesAsync(AnnouncementKind.Exit, [exited]);

        Assert.Equal(HouseholdStatus.Exited, await database.Households.StatusAsync(exited, Ct));
    }
}

public sealed class SqliteHouseholdLifecycleTests : HouseholdLifecycleTests<SqliteEngine>;

public sealed class PostgreSqlHouseholdLifecycleTests : HouseholdLifecycleTests<PostgreSqlEngine>;

public sealed class SqlServerHouseholdLifecycleTests : HouseholdLifecycleTests<SqlServerEngine>;
