using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Demo;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Announcements;

// A FundsAndProjects entry is a snapshot of its project's guidance fields: copied when the draft is made or edited,
// frozen once published.
public abstract class FundsAndProjectsSnapshotTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.SeedAsync(300, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private static (string? Place, string? Task, string? SubsidyStandard, string? FundSource, string? Schedule, string? ResponsiblePerson,
        string? PerformanceTargets, string? BenefitMechanism) Guidance(Project p) =>
        (p.Place, p.Task, p.SubsidyStandard, p.FundSource, p.Schedule, p.ResponsiblePerson, p.PerformanceTargets, p.BenefitMechanism);

    private static (string? Place, string? Task, string? SubsidyStandard, string? FundSource, string? Schedule, string? ResponsiblePerson,
        string? PerformanceTargets, string? BenefitMechanism) Guidance(AnnouncementEntry e) =>
        (e.Place, e.Task, e.SubsidyStandard, e.FundSource, e.Schedule, e.ResponsiblePerson, e.PerformanceTargets, e.BenefitMechanism);

    [Fact]
    public async Task Draft_CopiesEveryGuidanceField_EditRecopies_PublishedStaysAsPublished()
    {
        var store = database.Announcements;
        var editing = new AssistanceEditing(database.Db, database.Assistance, database.Cadres, database.Audit);
        var report = new VillageReport(database.Db);
        var projects = await report.ProjectsAsync(Guihua, Ct);
        var created = await store.CreateDraftAsync(AnnouncementKind.FundsAndProjects, Guihua, projects.Select(p => p.Id).ToList(), Reviewer, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        var id = created.Id!.Value;

        var entries = await store.EntriesAsync(id, Ct);
        Assert.Equal(projects.Select(Guidance), entries.Select(Guidance));
        Assert.All(entries, e => Assert.NotNull(e.Place));

        // The clerk corrects a project; editing the draft takes the correction.
        var first = projects[0];
        var corrected = first with { Place = "桂花村6组", FundSource = "区级财政专项资金" };
        Assert.Null((await editing.ChangeProjectAsync(corrected, Reviewer, Ct)).Rule);
        Assert.True((await store.SetDraftEntriesAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, projects.Select(p => p.Id).ToList(), Reviewer, Ct)).IsAllowed);
        Assert.Equal(("桂花村6组", "区级财政专项资金"), (await store.EntriesAsync(id, Ct)).Select(e => (e.Place, e.FundSource)).First());

        var today = ShanghaiTime.Today(database.Clock.GetUtcNow());
        var published = await store.PublishAsync(id, (await store.GetAsync(id, Ct))!.Concurrency, new Period(today, today.AddDays(6)), Reviewer, Ct);
        Assert.True(published.IsAllowed, published.Rule);
        Assert.Null((await editing.ChangeProjectAsync(corrected with { Place = "桂花村1组" }, Reviewer, Ct)).Rule);

        var a = (await store.GetAsync(id, Ct))!;
        var frozen = await store.EntriesAsync(id, Ct);
        Assert.Equal("桂花村6组", frozen[0].Place);
        Assert.Equal(AnnouncementContent.Hash(a, frozen, ProcedureCatalog.Defaults.For(a.Kind).OnlineFields), a.ContentHash);
        Assert.Contains("\"place\":\"桂花村6组\"", AnnouncementContent.CanonicalText(a, frozen, ProcedureCatalog.Defaults.For(a.Kind).OnlineFields));
    }

    [Fact]
    public void Whitelist_OnlyFundsAndProjectsPublishesTheGuidanceFields()
    {
        EntryField[] guidance = [EntryField.Place, EntryField.Task, EntryField.SubsidyStandard, EntryField.FundSource, EntryField.Schedule,
            EntryField.ResponsiblePerson, EntryField.PerformanceTargets, EntryField.BenefitMechanism];
        Assert.All(guidance, f => Assert.Contains(f, ProcedureCatalog.Defaults.For(AnnouncementKind.FundsAndProjects).OnlineFields));
        Assert.All(Enum.GetValues<AnnouncementKind>().Where(AnnouncementFields.IsAboutHouseholds), k =>
            Assert.Empty(ProcedureCatalog.Defaults.For(k).OnlineFields.Intersect(guidance)));
        var household = new AnnouncementEntry { Subject = "王德明", HouseholdId = 1, Place = "桂花村", FundSource = "x" };
        Assert.Equal((null, null), (EntrySnapshot.Whitelisted(ProcedureCatalog.Defaults.For(AnnouncementKind.Exit).PublishedFields, household).Place, EntrySnapshot.Whitelisted(ProcedureCatalog.Defaults.For(AnnouncementKind.Exit).PublishedFields, household).FundSource));
    }
}

public sealed class SqliteFundsAndProjectsSnapshotTests : FundsAndProjectsSnapshotTests<SqliteEngine>;

public sealed class PostgreSqlFundsAndProjectsSnapshotTests : FundsAndProjectsSnapshotTests<PostgreSqlEngine>;

public sealed class SqlServerFundsAndProjectsSnapshotTests : FundsAndProjectsSnapshotTests<SqlServerEngine>;
