using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Retention;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Retention;

// The data-subject view on a real SQLite file with the demo district: a Hongqi household listed by the first Exit
// version, its correction and the township stage that followed, with a named objection on its township line.
public abstract class HouseholdSubjectsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    public const string Complainant = "欧阳查阅测试";

    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HouseholdSubjects Subjects => database.Services.GetRequiredService<HouseholdSubjects>();

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<StaffActor> ActorAsync(string user) => (await database.Staff.FindAsync(user, Ct))!.Actor;

    // The demo's corrected Hongqi lineage: the township stage open now, the corrected village version it came from, and
    // the first version that one superseded; and a household all three list.
    public static async Task<(long Household, Announcement Township, Announcement Corrected, Announcement First)> HongqiAsync(AnnouncementStore store)
    {
        var hongqi = DemoDistrict.Townships[3].Villages[0].Code;
        var township = (await store.OpenNowAsync(Ct)).Single(a => a.RegionCode == hongqi && a.Stage == AnnouncementStage.TownshipPublicity);
        var corrected = (await store.GetAsync(township.PreviousStageId!.Value, Ct))!;
        var first = (await store.GetAsync(corrected.PreviousVersionId!.Value, Ct))!;
        var listedFirst = (await store.EntriesAsync(first.Id, Ct)).Select(e => e.HouseholdId).ToHashSet();
        var household = (await store.EntriesAsync(township.Id, Ct)).First(e => listedFirst.Contains(e.HouseholdId)).HouseholdId!.Value;
        return (household, township, corrected, first);
    }

    // A named objection on the household's line of the township stage; returns its case number.
    public static async Task<string> ObjectAsync(ObjectionIntake intake, AnnouncementStore store, Announcement township, long household)
    {
        var entry = (await store.EntriesAsync(township.Id, Ct)).Single(e => e.HouseholdId == household);
        var filed = await intake.SubmitAsync(new ObjectionSubmission(township.Id, entry.Id, ObjectionCategory.InaccurateInformation,
            ObjectionTestKit.UniqueText("查阅"), false, Complainant, "13900004444", "同组村民", true, []), null, Ct);
        Assert.Empty(filed.Errors);
        return filed.Accepted!.CaseNumber;
    }

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) => (await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    [Fact]
    public async Task Read_HouseholdInACorrectedLineageWithAnObjection_ListsEveryPublishedVersionAndTheCaseNumber_AndAuditsTheView()
    {
        var (household, township, corrected, first) = await HongqiAsync(database.Announcements);
        var caseNumber = await ObjectAsync(database.Intake, database.Announcements, township, household);

        var subject = await Subjects.ReadAsync(household, await ActorAsync("liulin.reviewer"), export: false, Ct);

        Assert.NotNull(subject);
        // Oldest first: the first version (superseded by the correction), the correction (finalized), the township stage.
        Assert.Equal([first.Id, corrected.Id, township.Id], subject.Appearances.Select(a => a.Announcement.Id));
        Assert.Equal(AnnouncementStatus.Superseded, subject.Appearances[0].Announcement.Status);
        Assert.Equal((2, first.Id), (subject.Appearances[1].Announcement.Version, subject.Appearances[1].Announcement.PreviousVersionId!.Value));
        Assert.All(subject.Appearances, a => Assert.Equal(household, a.Entry.HouseholdId));
        Assert.All(subject.Appearances, a => Assert.Equal(subject.Household.HeadName, a.Entry.Subject));
        var objection = Assert.Single(subject.Objections);
        Assert.Equal((caseNumber, nameof(ObjectionCategory.InaccurateInformation)), (objection.CaseNumber, objection.Kind));
        // Masked, never whole: the region and the last four digits.
        Assert.Matches("^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$", subject.Household.MaskedIdNumber);
        Assert.Equal(RetentionState.InProgramme, subject.IdNumberRetention(new RetentionOptions()).State);

        var viewed = Assert.Single(await EventsAsync(HouseholdSubjects.Viewed));
        Assert.Equal(("liulin.reviewer", $"household:{household}"), (viewed.Actor, viewed.Subject));
        Assert.DoesNotContain(subject.Household.HeadName, viewed.Data);
        Assert.DoesNotContain(Complainant, viewed.Data);
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Read_ByStaffOfAnotherTownship_FindsNothing_AndAuditsNothing()
    {
        var (household, _, _, _) = await HongqiAsync(database.Announcements);

        Assert.Null(await Subjects.ReadAsync(household, await ActorAsync("jiuzhen.reviewer"), export: true, Ct));
        Assert.Null(await Subjects.ReadAsync(long.MaxValue, await ActorAsync("district.reviewer"), export: true, Ct));

        Assert.Empty(await EventsAsync(HouseholdSubjects.Exported));
    }

    [Fact]
    public async Task Read_HouseholdThatLeftTheProgramme_SaysWhenItsIdNumberGoes_OrWhenItWent()
    {
        var (household, _, _, _) = await HongqiAsync(database.Announcements);
        var left = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE Household SET Status = 'Exited', LeftProgrammeUtc = @left WHERE Id = @household", new { left, household });
        }
        var actor = await ActorAsync("district.reviewer");

        var due = (await Subjects.ReadAsync(household, actor, export: false, Ct))!.IdNumberRetention(new RetentionOptions());
        database.Clock.SetUtcNow(new DateTimeOffset(left.AddYears(5).AddDays(1)));
        await database.Services.GetRequiredService<RetentionPurge>().RunAsync(Ct);
        var purged = await Subjects.ReadAsync(household, actor, export: false, Ct);

        Assert.Equal(new SubjectRetention(RetentionState.Due, left.AddYears(5)), due);
        Assert.Equal(RetentionState.Purged, purged!.IdNumberRetention(new RetentionOptions()).State);
        Assert.Null(purged.Household.MaskedIdNumber);
        Assert.Null(purged.Household.MaskedPhone);
    }

    [Fact]
    public async Task Read_MonitoredHousehold_ShowsTheRiskOnlyToWhoRunsMonitoringThere()
    {
        long household;
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            household = await c.QueryFirstAsync<long>(
                "SELECT h.Id FROM MonitoringCase m JOIN Household h ON h.Id = m.HouseholdId WHERE h.TownshipCode = @yuxi ORDER BY m.Id",
                new { yuxi = DemoDistrict.Townships[0].Code });
        }

        var reviewer = await Subjects.ReadAsync(household, await ActorAsync("yuxi.reviewer"), export: false, Ct);
        var admin = await Subjects.ReadAsync(household, await ActorAsync("admin"), export: false, Ct);

        Assert.NotEmpty(Assert.Single(reviewer!.Monitoring).Risk);
        Assert.Equal("", Assert.Single(admin!.Monitoring).Risk);
    }
}

public sealed class SqliteHouseholdSubjectsTests : HouseholdSubjectsTests<SqliteEngine>;

public sealed class PostgreSqlHouseholdSubjectsTests : HouseholdSubjectsTests<PostgreSqlEngine>;

public sealed class SqlServerHouseholdSubjectsTests : HouseholdSubjectsTests<SqlServerEngine>;
