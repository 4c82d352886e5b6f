using Portal.Infrastructure;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The review workflow on a real SQLite file: every move, the race between two reviewers, recusal, effects,
// appeals and closing (the two-person identity reveal: IdentityRevealsTests).
public abstract class ReviewStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Canary = "金丝雀测试员乙";
    private readonly TestDatabase database = TEngine.Create();
    private Announcement open = default!;
    private IReadOnlyList<AnnouncementEntry> entries = [];
    private StaffActor reviewer = default!;
    private StaffActor inspector = default!;
    private StaffActor districtReviewer = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        LaneTestOptions.UseEarlierDays(database.Workflow);
        open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        entries = await database.Announcements.EntriesAsync(open.Id, Ct);
        reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        inspector = (await database.Staff.FindAsync("inspector", Ct))!.Actor;
        districtReviewer = (await database.Staff.FindAsync("district.reviewer", Ct))!.Actor;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<SubmittedObjection> FileAsync(ObjectionCategory category = ObjectionCategory.WronglyIncluded, bool named = false, int entry = 0)
    {
        var result = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entries[entry].Id, category,
            $"该户不符合条件，情况如下：{Guid.NewGuid():N}", !named, named ? Canary : null, named ? "13800001111" : null, named ? "本村村民" : null,
            true, []), null, Ct);
        Assert.True(result.Accepted is not null, string.Join(",", result.Errors.Select(e => e.Rule)));
        return result.Accepted!;
    }

    private async Task<RuleResult> ActAsync(long id, ReviewAction action, StaffActor actor, string? text = "处理意见", Outcome? outcome = null) =>
        await database.Review.ActAsync(id, (await database.Objections.GetAsync(id, Ct))!.Concurrency, action, actor, text, outcome, Ct);

    private async Task<ObjectionRow> CaseAsync(long id) => (await database.Objections.GetAsync(id, Ct))!;

    [Fact]
    public async Task FullJourney_AcceptInvestigateUpholdReply_WithdrawsTheEntryAndShowsTheReply()
    {
        var filed = await FileAsync();

        Assert.True((await ActAsync(filed.Id, ReviewAction.Accept, reviewer)).IsAllowed);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Investigate, reviewer)).IsAllowed);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Note, reviewer, "内部：已入户核实")).IsAllowed);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Decide, reviewer, null, Outcome.Upheld)).IsAllowed);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Reply, reviewer, "经核实，异议成立，该户已从名单中撤销。")).IsAllowed);

        var row = await CaseAsync(filed.Id);
        Assert.Equal(ObjectionState.Replied, row.State);
        Assert.Equal("yuxi.reviewer", row.AssignedTo);
        Assert.True((await database.Announcements.EntriesAsync(open.Id, Ct)).Single(e => e.Id == entries[0].Id).Withdrawn);
        var tracked = (await database.Intake.TrackAsync(filed.Receipt, Ct))!;
        Assert.Equal("经核实，异议成立，该户已从名单中撤销。", tracked.Reply);
        Assert.DoesNotContain(tracked.Timeline, e => e.Kind == ObjectionEventKind.InternalNote);
        Assert.DoesNotContain(tracked.Timeline, e => e.Text?.Contains("入户核实") == true);
        var counts = await database.Review.CountsByEntryAsync(open.Id, Ct);
        Assert.Equal(1, counts[entries[0].Id].Upheld);
    }

    [Fact]
    public async Task Finalize_WhileAnObjectionIsNotRepliedTo_IsRefused()
    {
        var filed = await FileAsync();
        database.Clock.Advance(TimeSpan.FromDays(10));
        var a = (await database.Announcements.GetAsync(open.Id, Ct))!;

        var refused = await database.Announcements.FinalizeAsync(open.Id, a.Concurrency, reviewer, Ct);

        Assert.Equal("Announcement.ObjectionsNotReplied", refused.Rule);
        await ActAsync(filed.Id, ReviewAction.Reject, reviewer, "与公示内容无关，不予受理。");
        Assert.True((await database.Announcements.FinalizeAsync(open.Id, a.Concurrency, reviewer, Ct)).IsAllowed);
    }

    [Fact]
    public async Task TwoReviewers_ActingOnTheSameVersion_ExactlyOneWins()
    {
        var filed = await FileAsync();
        var concurrency = (await CaseAsync(filed.Id)).Concurrency;
        var colleague = new StaffActor(99, "yuxi.colleague", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));

        var results = await Task.WhenAll(
            database.Review.ActAsync(filed.Id, concurrency, ReviewAction.Accept, reviewer, null, null, Ct),
            database.Review.ActAsync(filed.Id, concurrency, ReviewAction.Reject, colleague, "不予受理", null, Ct));

        Assert.Equal(1, results.Count(r => r.IsAllowed));
        Assert.Equal("Review.ChangedMeanwhile", results.Single(r => !r.IsAllowed).Rule);
    }

    [Fact]
    public async Task Recuse_ReturnsTheCaseToTheQueueAndBarsTheReviewer()
    {
        await AddColleagueAsync();
        var filed = await FileAsync();
        await ActAsync(filed.Id, ReviewAction.Accept, reviewer);

        Assert.Equal("Review.ReasonRequired", (await ActAsync(filed.Id, ReviewAction.Recuse, reviewer, " ")).Rule);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Recuse, reviewer, "该户户主是我的表兄")).IsAllowed);

        Assert.Null((await CaseAsync(filed.Id)).AssignedTo);
        Assert.Equal("Review.Recused", (await ActAsync(filed.Id, ReviewAction.Investigate, reviewer)).Rule);
    }

    // A second township reviewer for Yuxi, so that one reviewer's recusal or conflict leaves someone to decide.
    private async Task AddColleagueAsync() =>
        await database.Staff.AddAsync(new StaffUser
        {
            UserName = "yuxi.colleague", DisplayName = "玉溪镇审核员乙", Role = StaffRole.TownshipReviewer, RegionCode = DemoDistrict.Townships[0].Code,
            PasswordHash = StaffSignIn.Hash("colleague-password-1"),
        }, Ct);

    [Fact]
    public async Task Recuse_ByTheTownshipsOnlyReviewer_SendsTheCaseToTheDistrict_AuditedAndOnTheTimeline()
    {
        var filed = await FileAsync();

        Assert.True((await ActAsync(filed.Id, ReviewAction.Recuse, reviewer, "该户户主是我的表兄")).IsAllowed);

        var row = await CaseAsync(filed.Id);
        Assert.Equal(ReviewQueue.District, row.Queue);
        Assert.Equal(DemoDistrict.DistrictCode, row.QueueRegionCode);
        var forDistrict = await database.Review.OpenCasesAsync(districtReviewer, Ct);
        Assert.True(forDistrict.Single(c => c.Id == filed.Id).RoutedToDistrict);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Accept, districtReviewer)).IsAllowed);
        var tracked = (await database.Intake.TrackAsync(filed.Receipt, Ct))!;
        Assert.Contains(tracked.Timeline, e => e.Kind == ObjectionEventKind.StateChanged && e.Text == Portal.Resources.TimelineText.RoutedToDistrict);
        Assert.Equal(1, await Scalar("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ObjectionRoutedToDistrict'"));
    }

    [Fact]
    public async Task Recuse_WhileAColleagueIsFree_KeepsTheCaseWithTheTownship()
    {
        await AddColleagueAsync();
        var filed = await FileAsync();

        Assert.True((await ActAsync(filed.Id, ReviewAction.Recuse, reviewer, "该户户主是我的表兄")).IsAllowed);

        Assert.Equal(ReviewQueue.Township, (await CaseAsync(filed.Id)).Queue);
    }

    [Fact]
    public async Task Objection_FromTheOnlyReviewersHomeVillage_GoesToTheDistrictOnReceipt()
    {
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE StaffUser SET HomeVillageCode = @village WHERE UserName = 'yuxi.reviewer'", new { village = open.RegionCode });
        }

        var filed = await FileAsync();

        Assert.Equal(ReviewQueue.District, (await CaseAsync(filed.Id)).Queue);
    }

    [Fact]
    public async Task ConflictDeclaredLater_ByTheOnlyReviewer_TheMinuteJobSendsTheCaseToTheDistrict()
    {
        var filed = await FileAsync();
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO ConflictDeclaration (StaffUserId, HouseholdId, Reason, CreatedUtc) VALUES (@u, @h, '亲属', @t)",
                new { u = reviewer.UserId, h = entries[0].HouseholdId, t = DateTime.UtcNow });
        }
        Assert.Equal(ReviewQueue.Township, (await CaseAsync(filed.Id)).Queue);

        Assert.Equal(1, await database.Review.RouteStrandedAsync(Ct));
        Assert.Equal(0, await database.Review.RouteStrandedAsync(Ct));

        Assert.Equal(ReviewQueue.District, (await CaseAsync(filed.Id)).Queue);
    }

    [Fact]
    public async Task LikelyDuplicate_LinksStaffToTheEarlierCaseWithTheSameText()
    {
        async Task<SubmittedObjection> SameTextAsync() =>
            (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entries[0].Id, ObjectionCategory.WronglyIncluded,
                "该户家里开着小卖部，还有一辆货车，不符合条件。", true, null, null, null, true, []), null, Ct)).Accepted!;
        var first = await SameTextAsync();
        var second = await SameTextAsync();

        var view = (await database.Review.GetAsync(second.Id, reviewer, Ct))!;

        Assert.True(view.Case.LikelyDuplicate);
        Assert.Equal(new EarlierCase(first.Id, first.CaseNumber), view.Earlier);
        Assert.Null((await database.Review.GetAsync(first.Id, reviewer, Ct))!.Earlier);
    }

    private async Task<long> Scalar(string sql)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task DeclaredConflict_WithTheHousehold_BarsTheReviewer()
    {
        var filed = await FileAsync();
        await using (var c = await database.Db.OpenAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO ConflictDeclaration (StaffUserId, HouseholdId, Reason, CreatedUtc) VALUES (@u, @h, '亲属', @t)",
                new { u = reviewer.UserId, h = entries[0].HouseholdId, t = DateTime.UtcNow });
        }

        Assert.Equal("Review.Conflict", (await ActAsync(filed.Id, ReviewAction.Accept, reviewer)).Rule);
    }

    [Fact]
    public async Task HomeVillage_OfTheReviewer_BarsThem()
    {
        var filed = await FileAsync();
        var fromGuihua = reviewer with { HomeVillageCode = open.RegionCode };

        Assert.Equal("Review.HomeVillage", (await ActAsync(filed.Id, ReviewAction.Accept, fromGuihua)).Rule);
    }

    [Fact]
    public async Task Favouritism_GoesToInspection_WhereOnlyInspectorsAct()
    {
        var filed = await FileAsync(ObjectionCategory.Favouritism);

        Assert.Equal(ReviewQueue.DisciplineInspection, (await CaseAsync(filed.Id)).Queue);
        Assert.Equal("Review.NotYourQueue", (await ActAsync(filed.Id, ReviewAction.Accept, reviewer)).Rule);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Accept, inspector)).IsAllowed);
        Assert.Contains(await database.Review.OpenCasesAsync(inspector, Ct), c => c.Id == filed.Id);
        Assert.DoesNotContain(await database.Review.OpenCasesAsync(reviewer, Ct), c => c.Id == filed.Id);
    }

    [Fact]
    public async Task Inspectors_ReadEveryObjectionInScope_TownshipReviewersOnlyTheirOwn()
    {
        var filed = await FileAsync();
        var other = (await database.Staff.FindAsync("jiuzhen.reviewer", Ct))!.Actor;

        Assert.NotNull(await database.Review.GetAsync(filed.Id, inspector, Ct));
        Assert.NotNull(await database.Review.GetAsync(filed.Id, reviewer, Ct));
        Assert.Null(await database.Review.GetAsync(filed.Id, other, Ct));
        Assert.Null(await database.Review.GetAsync(filed.Id, (await database.Staff.FindAsync("admin", Ct))!.Actor, Ct));
    }

    [Fact]
    public async Task Canary_IsNotInTheDatabaseFilesNorInAnythingButTheReveal()
    {
        var filed = await FileAsync(named: true);
        var view = await database.Review.GetAsync(filed.Id, reviewer, Ct);
        var tracked = await database.Intake.TrackAsync(filed.Receipt, Ct);

        Assert.DoesNotContain(Canary, System.Text.Json.JsonSerializer.Serialize(view));
        Assert.DoesNotContain(Canary, System.Text.Json.JsonSerializer.Serialize(tracked));
        // On SQLite the whole database is files the test can read.
        SqliteConnection.ClearAllPools();
        foreach (var file in database is SqliteTestDatabase sqlite ? Directory.GetFiles(sqlite.Folder, "portal.db*") : [])
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Canary)) < 0, file);
        }
    }

    [Fact]
    public async Task Appeal_WithinSevenDays_EscalatesToTheDistrict_AfterwardsTheCaseCloses()
    {
        var filed = await FileAsync();
        await ActAsync(filed.Id, ReviewAction.Reject, reviewer, "不属于本次公示范围。");

        Assert.Equal("Review.AppealReasonRequired", (await database.Review.AppealAsync(filed.Receipt, "太短", Ct)).Rule);
        Assert.True((await database.Review.AppealAsync(filed.Receipt, "我认为属于本次公示范围，请上级复核。", Ct)).IsAllowed);

        var row = await CaseAsync(filed.Id);
        Assert.Equal(ObjectionState.Escalated, row.State);
        Assert.Equal(ReviewQueue.District, row.Queue);
        Assert.Null(row.AssignedTo);
        Assert.Contains(await database.Review.OpenCasesAsync(districtReviewer, Ct), c => c.Id == filed.Id);
        Assert.Equal("Review.NotYourQueue", (await ActAsync(filed.Id, ReviewAction.Investigate, reviewer)).Rule);
        Assert.True((await ActAsync(filed.Id, ReviewAction.Investigate, districtReviewer)).IsAllowed);
    }

    [Fact]
    public async Task AppealWindow_Passed_RefusesAppealAndClosesTheCase()
    {
        var filed = await FileAsync();
        await ActAsync(filed.Id, ReviewAction.Reject, reviewer, "不属于本次公示范围。");
        database.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Equal("Review.AppealWindow", (await database.Review.AppealAsync(filed.Receipt, "我认为属于本次公示范围，请复核。", Ct)).Rule);
        await database.Review.CloseExpiredAsync(Ct);

        Assert.Equal(ObjectionState.Closed, (await CaseAsync(filed.Id)).State);
    }

    [Fact]
    public async Task InaccurateInformation_Upheld_MarksTheEntryForCorrection()
    {
        var filed = await FileAsync(ObjectionCategory.InaccurateInformation, entry: 1);
        await ActAsync(filed.Id, ReviewAction.Accept, reviewer);
        await ActAsync(filed.Id, ReviewAction.Investigate, reviewer);
        await ActAsync(filed.Id, ReviewAction.Decide, reviewer, null, Outcome.Upheld);

        var entry = (await database.Announcements.EntriesAsync(open.Id, Ct)).Single(e => e.Id == entries[1].Id);
        Assert.True(entry.NeedsCorrection);
        Assert.False(entry.Withdrawn);
    }

    [Fact]
    public async Task NotUpheld_ChangesNothingOnTheAnnouncement()
    {
        var filed = await FileAsync();
        await ActAsync(filed.Id, ReviewAction.Accept, reviewer);
        await ActAsync(filed.Id, ReviewAction.Investigate, reviewer);
        await ActAsync(filed.Id, ReviewAction.Decide, reviewer, null, Outcome.NotUpheld);

        Assert.False((await database.Announcements.EntriesAsync(open.Id, Ct)).Single(e => e.Id == entries[0].Id).Withdrawn);
        Assert.Equal(1, (await database.Review.CountsByEntryAsync(open.Id, Ct))[entries[0].Id].NotUpheld);
    }
}

public sealed class SqliteReviewStoreTests : ReviewStoreTests<SqliteEngine>;

public sealed class PostgreSqlReviewStoreTests : ReviewStoreTests<PostgreSqlEngine>;

public sealed class SqlServerReviewStoreTests : ReviewStoreTests<SqlServerEngine>;
