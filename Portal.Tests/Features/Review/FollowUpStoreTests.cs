using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The follow-up answers as the store keeps them: once per case however close two answers come, only after the reply,
// and a "not resolved" inside the appeal window is the appeal (the case escalated, at the district reviewer's), outside
// it only recorded.
public abstract class FollowUpStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Reason = "答复说该户符合条件，但他家在城里有商品房和小汽车，请上级复核。";
    private TestDatabase database = default!;
    private FollowUpStore store = default!;
    private Announcement open = default!;
    private StaffActor reviewer = default!;
    private StaffActor districtReviewer = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TEngine.Create().SeedAsync(1000, staff: true);
        store = database.Services.GetRequiredService<FollowUpStore>();
        // The mechanics with the earlier 3, 15 and 7 calendar days: the appeal window here ends after 7 days.
        LaneTestOptions.UseEarlierDays(database.Workflow);
        open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        districtReviewer = (await database.Staff.FindAsync("district.reviewer", Ct))!.Actor;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<SubmittedObjection> FileAsync()
    {
        var result = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.WronglyIncluded,
            $"该户不符合条件，情况如下：{Guid.NewGuid():N}", true, null, null, null, true, []), null, Ct);
        return result.Accepted!;
    }

    private async Task<SubmittedObjection> RepliedAsync()
    {
        var filed = await FileAsync();
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        Assert.True((await database.Review.ActAsync(filed.Id, row.Concurrency, ReviewAction.Reject, reviewer, "不属于本次公示范围。", null, Ct)).IsAllowed);
        return filed;
    }

    private async Task<long> StoredAnswersAsync(long objectionId)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM CaseFollowUp WHERE ObjectionId = @objectionId", new { objectionId });
    }

    [Fact]
    public async Task Answer_BeforeTheReply_IsRefusedAndNothingIsStored()
    {
        var filed = await FileAsync();

        var (result, answer) = await store.AnswerAsync(filed.Receipt, true, true, null, Ct);

        Assert.Equal("FollowUp.NotReplied", result.Rule);
        Assert.Null(answer);
        Assert.Equal(0, await StoredAnswersAsync(filed.Id));
    }

    [Fact]
    public async Task Answer_NeitherQuestion_IsRefused()
    {
        var filed = await RepliedAsync();

        Assert.Equal("FollowUp.NothingAnswered", (await store.AnswerAsync(filed.Receipt, null, null, null, Ct)).Result.Rule);
        Assert.Equal(0, await StoredAnswersAsync(filed.Id));
    }

    [Fact]
    public async Task Answer_Twice_TheSecondIsRefusedAndTheFirstKept()
    {
        var filed = await RepliedAsync();

        Assert.True((await store.AnswerAsync(filed.Receipt, true, null, null, Ct)).Result.IsAllowed);
        var second = await store.AnswerAsync(filed.Receipt, null, false, null, Ct);

        Assert.Equal(("FollowUp.AlreadyAnswered", "receipt"), (second.Result.Rule, second.Result.Field));
        var kept = (await store.ForCaseAsync(filed.Id, Ct))!;
        Assert.Equal((true, (bool?)null, false), (kept.Resolved, kept.Satisfied, kept.OpenedAppeal));
    }

    // Eight answers at once on eight connections: the UNIQUE key keeps exactly one (there is no read before the write).
    [Fact]
    public async Task Answer_EightAtOnce_ExactlyOneIsKept()
    {
        var filed = await RepliedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.AnswerAsync(filed.Receipt, true, i % 2 == 0, null, Ct), Ct)));

        Assert.Single(results, r => r.Result.IsAllowed);
        Assert.All(results.Where(r => !r.Result.IsAllowed), r => Assert.Equal("FollowUp.AlreadyAnswered", r.Result.Rule));
        Assert.Equal(1, await StoredAnswersAsync(filed.Id));
    }

    [Fact]
    public async Task NotResolved_InsideTheAppealWindow_OpensTheAppealAtTheDistrictReviewers()
    {
        var filed = await RepliedAsync();

        var tooShort = (await store.AnswerAsync(filed.Receipt, false, false, "太短", Ct)).Result;
        Assert.Equal(("Review.AppealReasonRequired", "appealText"), (tooShort.Rule, tooShort.Field));
        Assert.Equal(0, await StoredAnswersAsync(filed.Id));
        var (result, answer) = await store.AnswerAsync(filed.Receipt, false, false, Reason, Ct);

        Assert.True(result.IsAllowed, result.Rule);
        Assert.True(answer!.OpenedAppeal);
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        Assert.Equal((ObjectionState.Escalated, ReviewQueue.District), (row.State, row.Queue));
        Assert.Contains(await database.Review.OpenCasesAsync(districtReviewer, Ct), c => c.Id == filed.Id);
        var tracked = (await database.Intake.TrackAsync(filed.Receipt, Ct))!;
        Assert.Contains(tracked.Timeline, e => e.Kind == ObjectionEventKind.MessageFromComplainant && e.Text == Reason);
        Assert.True((await store.ForCaseAsync(filed.Id, Ct))!.OpenedAppeal);
    }

    [Fact]
    public async Task NotResolved_AfterTheAppealWindow_IsOnlyRecorded()
    {
        var filed = await RepliedAsync();
        database.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await database.Review.CloseExpiredAsync(Ct);

        var (result, answer) = await store.AnswerAsync(filed.Receipt, false, null, null, Ct);

        Assert.True(result.IsAllowed, result.Rule);
        Assert.False(answer!.OpenedAppeal);
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        Assert.Equal((ObjectionState.Closed, ReviewQueue.Township), (row.State, row.Queue));
        Assert.DoesNotContain(await database.Review.OpenCasesAsync(districtReviewer, Ct), c => c.Id == filed.Id);
        Assert.Equal(1, await StoredAnswersAsync(filed.Id));
    }

    // The table holds nothing that says who answered.
    [Fact]
    public async Task Answer_StoresNoIdentity()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var columns = database.Db.Provider == Portal.Infrastructure.Data.DatabaseProvider.Sqlite
            ? await c.QueryAsync<string>("SELECT name FROM pragma_table_info('CaseFollowUp')")
            : await c.QueryAsync<string>("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_NAME) = 'casefollowup'");

        // PostgreSQL folds unquoted names to lower case.
        Assert.Equal(["answeredutc", "id", "objectionid", "openedappeal", "resolved", "satisfied"], columns.Select(n => n.ToLowerInvariant()).Order());
    }
}

public sealed class SqliteFollowUpStoreTests : FollowUpStoreTests<SqliteEngine>;

public sealed class SqlServerFollowUpStoreTests : FollowUpStoreTests<SqlServerEngine>;

public sealed class PostgreSqlFollowUpStoreTests : FollowUpStoreTests<PostgreSqlEngine>;
