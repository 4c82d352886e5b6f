using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Statistics;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// Extending a deadline on a real SQLite file: once per deadline even when two reviewers ask at once, only by whoever
// may act on the case, audited without the complainant, and counted by the public statistics at the new date.
public abstract class DeadlineExtensionsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Canary = "金丝雀延期者丙";
    private const string Reason = "需要到村里补充走访，答复时间顺延。";
    private readonly TestDatabase database = TEngine.Create();
    private StaffActor reviewer = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeadlineExtensions Extensions => database.Services.GetRequiredService<DeadlineExtensions>();

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        // The dates below are the earlier 3 and 15 calendar days' deadlines.
        LaneTestOptions.UseEarlierDays(database.Workflow);
        reviewer = await ActorAsync(StaffCases.Reviewer);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<StaffActor> ActorAsync(string userName) => (await database.Staff.FindAsync(userName, Ct))!.Actor;

    // A named complainant's case in Yuxi's queue, outside the reviewer's home village (the township's last).
    private Task<SubmittedObjection> FileAsync() => StaffCases.FileNamedAsync(database, Ct, name: Canary);

    private async Task<long> RowsAsync(long id)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM DeadlineExtension WHERE ObjectionId = @id", new { id });
    }

    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task Extend_ByTheQueuesReviewer_IsKeptShownInTheQueueAndAuditedWithoutTheComplainant()
    {
        var filed = await FileAsync();

        var result = await Extensions.ExtendAsync(filed.Id, CaseDeadline.Reply, Day(2026, 12, 20), "  " + Reason + " ", reviewer, Ct);

        Assert.True(result.IsAllowed, result.Rule);
        var view = (await database.Review.GetAsync(filed.Id, reviewer, Ct))!;
        var kept = Assert.Single(view.Extensions.All);
        Assert.Equal((CaseDeadline.Reply, Day(2026, 12, 20), Reason, StaffCases.Reviewer), (kept.Deadline, kept.ExtendedTo, kept.Reason, kept.Actor));
        var listed = (await database.Review.OpenCasesAsync(reviewer, Ct)).Single(c => c.Id == filed.Id);
        Assert.Equal(Day(2026, 12, 20), listed.Extensions.Of(CaseDeadline.Reply)!.ExtendedTo);
        Assert.Null(listed.Extensions.Of(CaseDeadline.Acceptance));

        var audit = Assert.Single((await database.Audit.SearchAsync(new AuditQuery(Kind: "DeadlineExtended"), Ct)).Items);
        Assert.Equal(StaffCases.Reviewer, audit.Actor);
        Assert.Equal($"objection:{filed.CaseNumber}", audit.Subject);
        Assert.Contains("\"deadline\":\"Reply\"", audit.Data);
        Assert.Contains("\"extendedTo\":\"2026-12-20\"", audit.Data);
        Assert.Contains(Reason, audit.Data);
        Assert.DoesNotContain(Canary, audit.Data);
        Assert.DoesNotContain("13800002222", audit.Data);
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Extend_ASecondTime_IsRefusedAndKeepsTheFirst()
    {
        var filed = await FileAsync();
        Assert.True((await Extensions.ExtendAsync(filed.Id, CaseDeadline.Acceptance, Day(2026, 12, 4), Reason, reviewer, Ct)).IsAllowed);

        var again = await Extensions.ExtendAsync(filed.Id, CaseDeadline.Acceptance, Day(2026, 12, 8), "再延长一次。", reviewer, Ct);

        Assert.Equal(("deadline", "Extensions.AlreadyExtended"), (again.Field, again.Rule));
        Assert.Equal(Day(2026, 12, 4), (await Extensions.ForCaseAsync(filed.Id, Ct)).Of(CaseDeadline.Acceptance)!.ExtendedTo);
    }

    // Two reviewers' requests both pass the rules before either writes (a third connection holds the write lock
    // meanwhile); the UNIQUE (ObjectionId, Deadline) lets exactly one in and the other is told why.
    [Fact]
    public async Task Extend_TwoAtOnce_ExactlyOneWins_TheOtherIsRefused()
    {
        var filed = await FileAsync();
        List<Task<RuleResult>> racing;
        await using (var holder = await database.Db.OpenAsync(Ct))
        {
            await using var hold = await holder.BeginTransactionAsync(Ct); // SQLite: BEGIN IMMEDIATE, the write lock
            if (database.Db.Provider == Portal.Infrastructure.Data.DatabaseProvider.PostgreSql)
            {
                // Both read that the deadline was not extended yet, then wait to write: the interleaving SQLite cannot show.
                await holder.ExecuteAsync("LOCK TABLE DeadlineExtension IN EXCLUSIVE MODE", transaction: hold);
            }
            racing =
            [
                Task.Run(() => Extensions.ExtendAsync(filed.Id, CaseDeadline.Reply, Day(2026, 12, 18), "第一位审核人的理由。", reviewer, Ct), Ct),
                Task.Run(() => Extensions.ExtendAsync(filed.Id, CaseDeadline.Reply, Day(2026, 12, 25), "第二位审核人的理由。", reviewer, Ct), Ct),
            ];
            await Task.Delay(1500, Ct);
            Assert.All(racing, t => Assert.False(t.IsCompleted));
            await hold.RollbackAsync(Ct);
        }
        var results = await Task.WhenAll(racing);

        Assert.Single(results, r => r.IsAllowed);
        var refused = Assert.Single(results, r => !r.IsAllowed);
        Assert.Equal(("deadline", "Extensions.AlreadyExtended"), (refused.Field, refused.Rule));
        Assert.Equal(1, await RowsAsync(filed.Id));
        Assert.Single((await database.Audit.SearchAsync(new AuditQuery(Kind: "DeadlineExtended"), Ct)).Items);
    }

    [Fact]
    public async Task Extend_AnotherTownshipsReviewerAnAdministratorAnInspectorOrATiedReviewer_IsRefusedOnTheServer()
    {
        var filed = await FileAsync();
        var admin = await ActorAsync("admin");
        // A conflict declared with the case's household ties the township's reviewer to it.
        var household = (await database.Objections.GetAsync(filed.Id, Ct))!.HouseholdId!.Value;
        Assert.Null(await database.Services.GetRequiredService<ConflictDeclarations>().DeclareConflictAsync(reviewer.UserId, household, "亲属关系", admin, Ct));

        async Task<string?> RuleAsync(StaffActor actor) => (await Extensions.ExtendAsync(filed.Id, CaseDeadline.Reply, Day(2026, 12, 20), Reason, actor, Ct)).Rule;

        Assert.Equal("Review.NotFound", await RuleAsync(await ActorAsync(StaffCases.ReviewerOf(1))));
        Assert.Equal("Review.NotFound", await RuleAsync(admin));
        Assert.Equal("Review.NotYourQueue", await RuleAsync(await ActorAsync("inspector")));
        Assert.Equal("Review.Conflict", await RuleAsync(reviewer));
        Assert.Equal(0, await RowsAsync(filed.Id));
        Assert.Empty((await database.Audit.SearchAsync(new AuditQuery(Kind: "DeadlineExtended"), Ct)).Items);
    }

    [Fact]
    public async Task Extend_APassedDeadlinePastToday_StopsThePublicOverdueCount()
    {
        var filed = await FileAsync();
        var statistics = database.Services.GetRequiredService<ObjectionStatistics>();
        async Task<int> YuxiOverdueAsync() => (await statistics.ByTownshipAsync(Ct)).Single(t => t.TownshipCode == DemoDistrict.Townships[0].Code).Overdue;
        Assert.True((await database.Review.ActAsync(filed.Id, (await database.Objections.GetAsync(filed.Id, Ct))!.Concurrency, ReviewAction.Accept,
            reviewer, "属于受理范围。", null, Ct)).IsAllowed);
        // Received 2026-11-28 10:00 Beijing: the reply is due 2026-12-13 24:00; on 12-15 it is late.
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 2, 0, 0, TimeSpan.Zero));
        var late = await YuxiOverdueAsync();
        Assert.True(late >= 1);

        Assert.True((await Extensions.ExtendAsync(filed.Id, CaseDeadline.Reply, Day(2026, 12, 18), Reason, reviewer, Ct)).IsAllowed);

        Assert.Equal(late - 1, await YuxiOverdueAsync());
    }
}

public sealed class SqliteDeadlineExtensionsTests : DeadlineExtensionsTests<SqliteEngine>;

public sealed class PostgreSqlDeadlineExtensionsTests : DeadlineExtensionsTests<PostgreSqlEngine>;

public sealed class SqlServerDeadlineExtensionsTests : DeadlineExtensionsTests<SqlServerEngine>;
