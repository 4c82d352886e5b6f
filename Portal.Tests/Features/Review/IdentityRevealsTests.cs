using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The two-person identity reveal on a real SQLite file: one inspector asks, a second decides, only then the asker
// looks, for a limited time; every step is audited without the identity, and the complainant is told when it was viewed.
public abstract class IdentityRevealsTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Canary = "金丝雀揭示员丙";
    private const string Phone = "13900002222";
    private readonly TestDatabase database = TEngine.Create();
    private StaffActor asker = default!;
    private StaffActor second = default!;
    private StaffActor reviewer = default!;
    private SubmittedObjection named = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IdentityReveals Reveals => database.Services.GetRequiredService<IdentityReveals>();

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(1000, staff: true);
        asker = await ActorAsync("inspector");
        second = await ActorAsync("inspector2");
        reviewer = await ActorAsync("yuxi.reviewer");
        named = await FileAsync(named: true);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<StaffActor> ActorAsync(string userName) => (await database.Staff.FindAsync(userName, Ct))!.Actor;

    private async Task<SubmittedObjection> FileAsync(bool named)
    {
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await database.Announcements.EntriesAsync(open.Id, Ct))[0];
        var result = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entry.Id, ObjectionCategory.Favouritism,
            $"村干部把亲戚报进了名单，我愿意配合调查。{Guid.NewGuid():N}", !named, named ? Canary : null, named ? Phone : null, named ? "本村村民" : null,
            true, []), null, Ct);
        Assert.True(result.Accepted is not null, string.Join(",", result.Errors.Select(e => e.Rule)));
        return result.Accepted!;
    }

    private async Task<RevealRequest> OnlyRequestAsync() => Assert.Single(await Reveals.ForCaseAsync(named.Id, asker, Ct));

    private async Task<IReadOnlyList<AuditEvent>> AuditAsync(params string[] kinds)
    {
        var all = new List<AuditEvent>();
        foreach (var kind in kinds) all.AddRange((await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items);
        return [.. all.OrderBy(e => e.Id)];
    }

    private static readonly string[] Steps = ["IdentityRevealRequested", "IdentityRevealApproved", "IdentityRevealRefused", "IdentityRevealed"];

    private async Task<StaffActor> AnotherInspectorAsync(string userName)
    {
        await database.Staff.AddAsync(new StaffUser
        {
            UserName = userName, DisplayName = userName, Role = StaffRole.DisciplineInspector, RegionCode = DemoDistrict.DistrictCode,
            PasswordHash = StaffSignIn.Hash(TestDatabase.StaffPassword),
        }, Ct);
        return await ActorAsync(userName);
    }

    [Fact]
    public async Task Ask_ByAnInspectorWithAReason_WaitsForASecondInspector_AndIsAuditedWithoutTheIdentity()
    {
        Assert.True((await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct)).IsAllowed);

        var request = await OnlyRequestAsync();
        Assert.Equal((RevealState.Pending, "inspector", "需要联系实名反映人核实线索"), (request.State, request.Asker, request.Reason));
        var asked = Assert.Single(await AuditAsync(Steps));
        Assert.Equal(("IdentityRevealRequested", "inspector"), (asked.Kind, asked.Actor));
        Assert.Contains("需要联系实名反映人核实线索", asked.Data);
        Assert.DoesNotContain(Canary, asked.Data);
        Assert.DoesNotContain(Phone, asked.Data);
        Assert.Contains(await Reveals.ToDecideAsync(second, Ct), p => p.ObjectionId == named.Id && p.Asker == "inspector");
        Assert.DoesNotContain(await Reveals.ToDecideAsync(asker, Ct), p => p.ObjectionId == named.Id);
    }

    [Fact]
    public async Task View_BeforeTheApproval_ShowsNothingAndIsNotCountedAsAView()
    {
        Assert.Equal("Reveal.NotApproved", (await Reveals.ViewAsync(named.Id, asker, Ct)).Result.Rule);
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);

        var (identity, result) = await Reveals.ViewAsync(named.Id, asker, Ct);

        Assert.Null(identity);
        Assert.Equal("Reveal.Pending", result.Rule);
        Assert.Empty(await Reveals.ViewedAsync(named.Id, Ct));
        Assert.DoesNotContain(await AuditAsync(Steps), e => e.Kind == "IdentityRevealed");
    }

    [Fact]
    public async Task Approve_ByTheAsker_IsRefused_AndTheRequestStillWaits()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();

        Assert.Equal("Reveal.OwnRequest", (await Reveals.DecideAsync(request.Id, true, "我批准我自己", asker, Ct)).Rule);

        Assert.Equal(RevealState.Pending, (await OnlyRequestAsync()).State);
        Assert.Null((await Reveals.ViewAsync(named.Id, asker, Ct)).Identity);
        Assert.Single(await AuditAsync(Steps));
    }

    [Fact]
    public async Task Database_RefusesADecisionByTheAsker_EvenPastTheStore()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();
        await using var c = await database.Db.OpenAsync(Ct);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(
            "UPDATE IdentityRevealRequest SET State = 'Approved', Decider = Asker, DecisionReason = '自批', DecidedUtc = '2026-11-28', ExpiresUtc = '2099-01-01' WHERE Id = @id",
            new { id = request.Id }));
    }

    [Fact]
    public async Task Approve_ByTheSecondInspector_LetsTheAskerAloneSeeTheIdentity_AndEveryStepIsAuditedInOrder()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();

        Assert.True((await Reveals.DecideAsync(request.Id, true, "线索具体，同意联系", second, Ct)).IsAllowed);
        var (identity, result) = await Reveals.ViewAsync(named.Id, asker, Ct);

        Assert.True(result.IsAllowed);
        Assert.Equal((Canary, Phone, "本村村民"), (identity!.Name, identity.Phone, identity.Relation));
        var approved = await OnlyRequestAsync();
        Assert.Equal((RevealState.Approved, "inspector2"), (approved.State, approved.Decider));
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddHours(24), approved.ExpiresUtc);
        // The approver learns nothing by approving, and nobody else may look either.
        Assert.Equal("Reveal.NotApproved", (await Reveals.ViewAsync(named.Id, second, Ct)).Result.Rule);
        Assert.Equal("Review.OnlyInspectorsReveal", (await Reveals.ViewAsync(named.Id, reviewer, Ct)).Result.Rule);
        var steps = await AuditAsync(Steps);
        Assert.Equal(["IdentityRevealRequested", "IdentityRevealApproved", "IdentityRevealed"], steps.Select(e => e.Kind));
        Assert.Equal(["inspector", "inspector2", "inspector"], steps.Select(e => e.Actor));
        Assert.Contains("线索具体，同意联系", steps[1].Data);
        Assert.All(steps, e => Assert.Equal($"objection:{named.CaseNumber}", e.Subject));
        Assert.All(steps, e => Assert.DoesNotContain(Canary, e.Data));
        Assert.All(steps, e => Assert.DoesNotContain(Phone, e.Data));
        Assert.Equal([database.Clock.GetUtcNow().UtcDateTime], await Reveals.ViewedAsync(named.Id, Ct));
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Refuse_ByTheSecondInspector_WithAReason_ShowsTheAskerNothing_AndTheyMayAskAgain()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();

        Assert.Equal("Reveal.ReasonRequired", (await Reveals.DecideAsync(request.Id, false, " ", second, Ct)).Rule);
        Assert.True((await Reveals.DecideAsync(request.Id, false, "现有材料已足够，无需联系", second, Ct)).IsAllowed);

        Assert.Equal("Reveal.Refused", (await Reveals.ViewAsync(named.Id, asker, Ct)).Result.Rule);
        var refused = await OnlyRequestAsync();
        Assert.Equal((RevealState.Refused, "现有材料已足够，无需联系", (DateTime?)null), (refused.State, refused.DecisionReason, refused.ExpiresUtc));
        Assert.Equal(["IdentityRevealRequested", "IdentityRevealRefused"], (await AuditAsync(Steps)).Select(e => e.Kind));
        Assert.Empty(await Reveals.ViewedAsync(named.Id, Ct));
        Assert.True((await Reveals.AskAsync(named.Id, "又发现新的线索，需要联系", asker, Ct)).IsAllowed);
    }

    [Fact]
    public async Task Approval_Expires_AfterTwentyFourHours_ThenTheAskerSeesNothing()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        await Reveals.DecideAsync((await OnlyRequestAsync()).Id, true, "线索具体，同意联系", second, Ct);

        database.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        Assert.True((await Reveals.ViewAsync(named.Id, asker, Ct)).Result.IsAllowed);
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var (identity, result) = await Reveals.ViewAsync(named.Id, asker, Ct);

        Assert.Null(identity);
        Assert.Equal("Reveal.Expired", result.Rule);
        Assert.Single(await Reveals.ViewedAsync(named.Id, Ct));
        Assert.True((await Reveals.AskAsync(named.Id, "仍需联系反映人补充材料", asker, Ct)).IsAllowed);
    }

    [Fact]
    public async Task Approval_LastsTheConfiguredHours()
    {
        var twoHours = new IdentityReveals(database.Db, database.Review, new IdentityRevealRules(new ReviewOptions { IdentityRevealHours = 2 }),
            database.Audit, database.Protector, database.Clock);
        await twoHours.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        await twoHours.DecideAsync((await OnlyRequestAsync()).Id, true, "线索具体，同意联系", second, Ct);

        database.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal("Reveal.Expired", (await twoHours.ViewAsync(named.Id, asker, Ct)).Result.Rule);
    }

    [Fact]
    public async Task Ask_OnAnAnonymousObjection_IsRefusedWithAClearMessage_AndStoresNothing()
    {
        var anonymous = await FileAsync(named: false);

        Assert.Equal("Reveal.Anonymous", (await Reveals.AskAsync(anonymous.Id, "需要联系反映人核实线索", asker, Ct)).Rule);

        Assert.Empty(await Reveals.ForCaseAsync(anonymous.Id, asker, Ct));
        Assert.Empty(await AuditAsync(Steps));
    }

    [Fact]
    public async Task Ask_AgainWhileTheFirstWaits_IsRefused_EightAtOnceKeepOne()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Reveals.AskAsync(named.Id, $"需要联系实名反映人核实线索 {i}", asker, Ct)));

        Assert.Equal(RevealState.Pending, (await OnlyRequestAsync()).State);
        Assert.Single(await AuditAsync(Steps));
        Assert.Equal("Reveal.AlreadyPending", (await Reveals.AskAsync(named.Id, "再申请一次", asker, Ct)).Rule);
    }

    [Fact]
    public async Task Database_RefusesASecondPendingRequest_EvenPastTheStore()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        await using var c = await database.Db.OpenAsync(Ct);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(
            "INSERT INTO IdentityRevealRequest (ObjectionId, Asker, Reason, AskedUtc, State) VALUES (@id, 'inspector', '第二份', '2026-11-28', 'Pending')",
            new { id = named.Id }));
    }

    [Fact]
    public async Task Decide_TwoInspectorsAtOnce_BothHavingReadThePendingRequest_ExactlyOneDecides()
    {
        var third = await AnotherInspectorAsync("inspector3");
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();

        // Both deciders read the pending request and queue for the write lock this transaction holds (BEGIN IMMEDIATE);
        // the conditional UPDATE's row count then lets only the first of them decide.
        await using var blocker = await database.Db.OpenAsync(Ct);
        await using (var hold = blocker.BeginTransaction())
        {
            // PostgreSQL: the deciders read the request, then wait to write it.
            if (database.Db.Provider == Portal.Infrastructure.Data.DatabaseProvider.PostgreSql)
            {
                await blocker.ExecuteAsync("LOCK TABLE IdentityRevealRequest IN EXCLUSIVE MODE", transaction: hold);
            }
            // SQLite's driver waits for a lock on the calling thread, so each decider gets a thread of its own.
            var approve = Task.Run(() => Reveals.DecideAsync(request.Id, true, "线索具体，同意联系", second, Ct), Ct);
            var refuse = Task.Run(() => Reveals.DecideAsync(request.Id, false, "无需联系反映人", third, Ct), Ct);
            await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
            Assert.False(approve.IsCompleted || refuse.IsCompleted);
            hold.Rollback();
            var results = await Task.WhenAll(approve, refuse);

            Assert.Single(results, r => r.IsAllowed);
            Assert.Single(results, r => r.Rule == "Reveal.AlreadyDecided");
            var decided = await OnlyRequestAsync();
            Assert.Equal(results[0].IsAllowed ? ("inspector2", RevealState.Approved) : ("inspector3", RevealState.Refused), (decided.Decider!, decided.State));
        }
        Assert.Single(await AuditAsync("IdentityRevealApproved", "IdentityRevealRefused"));
    }

    [Fact]
    public async Task Decide_ByAnInspectorWhoRecusedOrDeclaredAConflict_IsRefused()
    {
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        var request = await OnlyRequestAsync();
        var third = await AnotherInspectorAsync("inspector3");
        var household = (await database.Objections.GetAsync(named.Id, Ct))!.HouseholdId!.Value;
        var admin = await ActorAsync("admin");
        Assert.Null(await database.Services.GetRequiredService<ConflictDeclarations>().DeclareConflictAsync(third.UserId, household, "亲属关系", admin, Ct));
        var row = (await database.Objections.GetAsync(named.Id, Ct))!;
        Assert.True((await database.Review.ActAsync(named.Id, row.Concurrency, ReviewAction.Recuse, second, "与反映人相识", ct: Ct)).IsAllowed);

        Assert.Equal("Review.Recused", (await Reveals.DecideAsync(request.Id, true, "同意联系反映人", second, Ct)).Rule);
        Assert.Equal("Review.Conflict", (await Reveals.DecideAsync(request.Id, true, "同意联系反映人", third, Ct)).Rule);
        Assert.Empty(await Reveals.ToDecideAsync(second, Ct));
        Assert.Equal(RevealState.Pending, (await OnlyRequestAsync()).State);
    }

    [Fact]
    public async Task Ask_ByAReviewer_OrWithoutAReason_IsRefusedAndStoresNothing()
    {
        Assert.Equal("Review.OnlyInspectorsReveal", (await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", reviewer, Ct)).Rule);
        var blank = await Reveals.AskAsync(named.Id, "", asker, Ct);
        Assert.Equal(("Reveal.ReasonRequired", "reason"), (blank.Rule, blank.Field));
        Assert.Equal("Reveal.ReasonTooLong", (await Reveals.AskAsync(named.Id, new string('查', 501), asker, Ct)).Rule);

        Assert.Empty(await Reveals.ForCaseAsync(named.Id, asker, Ct));
        Assert.Empty(await Reveals.ForCaseAsync(named.Id, reviewer, Ct));
    }

    [Fact]
    public async Task Identity_IsNeverInTheDatabaseFilesInClear_AfterTheWholeReveal()
    {
        Assert.SkipWhen(database is not SqliteTestDatabase, "reads the database's own files, which only SQLite keeps beside the test");
        await Reveals.AskAsync(named.Id, "需要联系实名反映人核实线索", asker, Ct);
        await Reveals.DecideAsync((await OnlyRequestAsync()).Id, true, "线索具体，同意联系", second, Ct);
        Assert.True((await Reveals.ViewAsync(named.Id, asker, Ct)).Result.IsAllowed);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(((SqliteTestDatabase)database).Folder, "portal.db*"))
        {
            var bytes = File.ReadAllBytes(file).AsSpan();
            Assert.True(bytes.IndexOf(Encoding.UTF8.GetBytes(Canary)) < 0, file);
            Assert.True(bytes.IndexOf(Encoding.UTF8.GetBytes(Phone)) < 0, file);
        }
    }
}

public sealed class SqliteIdentityRevealsTests : IdentityRevealsTests<SqliteEngine>;

public sealed class PostgreSqlIdentityRevealsTests : IdentityRevealsTests<PostgreSqlEngine>;

public sealed class SqlServerIdentityRevealsTests : IdentityRevealsTests<SqlServerEngine>;
