using System.Text.Json;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// Templates as administrators keep them: every write checked on the server and audited with it, a stale edit refused
// as changed meanwhile, and only the active templates of the case's lane and category offered.
public abstract class ReplyTemplatesStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private static readonly StaffActor Admin = new(1, "admin", StaffRole.Administrator, RegionScope.Of("511302000000"));

    private static readonly ReplyTemplateDraft Upheld = new(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld,
        " 异议成立 ", " 您好！案件 {案件编号} 经核实，异议成立，该户已从名单中撤下。 ");

    private TestDatabase database = default!;
    private ReplyTemplates store = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TEngine.Create().MigrateAsync();
        store = new ReplyTemplates(database.Db, database.Audit, database.Clock);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) => (await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    private async Task<long> CreateAsync(ReplyTemplateDraft draft)
    {
        var (result, id) = await store.CreateAsync(draft, Admin, Ct);
        Assert.True(result.IsAllowed, result.Rule);
        return id!.Value;
    }

    private async Task<ReplyTemplate> GetAsync(long id) => (await store.AllAsync(Ct)).Single(t => t.Id == id);

    [Fact]
    public async Task Create_ByAdministrator_IsStoredTrimmedAndAuditedWithLaneCategoryAndTitle()
    {
        var id = await CreateAsync(Upheld);

        var t = await GetAsync(id);
        Assert.Equal((CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReplyTemplateOutcome.Upheld), (t.Lane, t.Category, t.Outcome));
        Assert.Equal("异议成立", t.Title);
        Assert.StartsWith("您好！", t.Body);
        Assert.True(t.Active);
        Assert.Equal("admin", t.UpdatedBy);
        var e = Assert.Single(await EventsAsync("ReplyTemplateCreated"));
        Assert.Equal(($"reply-template:{id}", "admin"), (e.Subject, e.Actor));
        var data = JsonDocument.Parse(e.Data!).RootElement;
        Assert.Equal("Administrative", data.GetProperty("lane").GetString());
        Assert.Equal("WronglyIncluded", data.GetProperty("category").GetString());
        Assert.Equal("异议成立", data.GetProperty("title").GetString());
        Assert.False(data.TryGetProperty("body", out _));
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Theory]
    [InlineData(StaffRole.VillageClerk)]
    [InlineData(StaffRole.TownshipReviewer)]
    [InlineData(StaffRole.DistrictReviewer)]
    [InlineData(StaffRole.DisciplineInspector)]
    public async Task Writes_ByNonAdministrator_AreRefusedAndChangeNothing(StaffRole role)
    {
        var id = await CreateAsync(Upheld);
        var before = await GetAsync(id);
        var someone = new StaffActor(2, "someone", role, RegionScope.Of("511302000000"));

        var (created, newId) = await store.CreateAsync(Upheld with { Title = "另一个" }, someone, Ct);
        var changed = await store.UpdateAsync(id, before.Concurrency, Upheld with { Title = "改了" }, someone, Ct);
        var deactivated = await store.UpdateAsync(id, before.Concurrency, before.Draft with { Active = false }, someone, Ct);

        Assert.Equal("ReplyTemplates.AdministratorsOnly", created.Rule);
        Assert.Null(newId);
        Assert.Equal("ReplyTemplates.AdministratorsOnly", changed.Rule);
        Assert.Equal("ReplyTemplates.AdministratorsOnly", deactivated.Rule);
        Assert.Equal(before, Assert.Single(await store.AllAsync(Ct)));
        Assert.Empty(await EventsAsync("ReplyTemplateChanged"));
    }

    [Fact]
    public async Task Create_Invalid_IsRefusedNamingTheFieldAndStoresNothing()
    {
        var (result, id) = await store.CreateAsync(Upheld with { Body = "案件 {编号}" }, Admin, Ct);

        Assert.Equal(("body", "ReplyTemplates.UnknownPlaceholder"), (result.Field, result.Rule));
        Assert.Null(id);
        Assert.Empty(await store.AllAsync(Ct));
        Assert.Empty(await EventsAsync("ReplyTemplateCreated"));
    }

    [Fact]
    public async Task Create_SameTitleInTheSameLane_IsRefusedOnTheTitle_OtherLaneIsFine()
    {
        await CreateAsync(Upheld);

        var (same, _) = await store.CreateAsync(Upheld with { Category = null, Title = "异议成立" }, Admin, Ct);
        var (otherLane, _) = await store.CreateAsync(Upheld with { Lane = CaseLane.Misconduct }, Admin, Ct);

        Assert.Equal(("title", "ReplyTemplates.TitleTaken"), (same.Field, same.Rule));
        Assert.True(otherLane.IsAllowed);
        Assert.Equal(2, (await store.AllAsync(Ct)).Count);
    }

    [Fact]
    public async Task Update_AsRead_ChangesItAndAuditsWhatItWas()
    {
        var id = await CreateAsync(Upheld);
        var read = await GetAsync(id);
        database.Clock.Advance(TimeSpan.FromHours(1));

        var result = await store.UpdateAsync(id, read.Concurrency, Upheld with { Category = null, Title = "通用：异议成立", Body = "新的正文" }, Admin, Ct);

        Assert.True(result.IsAllowed);
        var t = await GetAsync(id);
        Assert.Equal(("通用：异议成立", "新的正文", (ObjectionCategory?)null), (t.Title, t.Body, t.Category));
        Assert.Equal(read.Concurrency + 1, t.Concurrency);
        Assert.True(t.UpdatedUtc > read.UpdatedUtc);
        var e = Assert.Single(await EventsAsync("ReplyTemplateChanged"));
        var data = JsonDocument.Parse(e.Data!).RootElement;
        Assert.Equal("通用：异议成立", data.GetProperty("title").GetString());
        Assert.Equal("异议成立", data.GetProperty("previousTitle").GetString());
        Assert.Equal("WronglyIncluded", data.GetProperty("previousCategory").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("category").ValueKind);
        Assert.True(data.GetProperty("bodyChanged").GetBoolean());
    }

    [Fact]
    public async Task Update_TwoAdministratorsFromTheSameRead_SecondIsRefusedAsChangedMeanwhile()
    {
        var id = await CreateAsync(Upheld);
        var read = await GetAsync(id);

        var first = await store.UpdateAsync(id, read.Concurrency, Upheld with { Body = "第一位管理员的正文" }, Admin, Ct);
        var second = await store.UpdateAsync(id, read.Concurrency, Upheld with { Body = "第二位管理员的正文" }, Admin, Ct);

        Assert.True(first.IsAllowed);
        Assert.Equal("ReplyTemplates.ChangedMeanwhile", second.Rule);
        Assert.Equal("第一位管理员的正文", (await GetAsync(id)).Body);
        Assert.Single(await EventsAsync("ReplyTemplateChanged"));
    }

    [Fact]
    public async Task Update_UnknownTemplate_IsRefusedAsNotFound()
    {
        var result = await store.UpdateAsync(4242, 0, Upheld, Admin, Ct);

        Assert.Equal("ReplyTemplates.NotFound", result.Rule);
    }

    [Fact]
    public async Task Update_TitleOfAnotherTemplateOfTheLane_IsRefusedOnTheTitle()
    {
        await CreateAsync(Upheld);
        var other = await CreateAsync(Upheld with { Title = "另一个" });

        var result = await store.UpdateAsync(other, (await GetAsync(other)).Concurrency, Upheld with { Title = "异议成立" }, Admin, Ct);

        Assert.Equal(("title", "ReplyTemplates.TitleTaken"), (result.Field, result.Rule));
        Assert.Equal("另一个", (await GetAsync(other)).Title);
    }

    [Fact]
    public async Task Deactivate_TakesItOutOfWhatReviewersAreOffered_AndIsAudited()
    {
        var id = await CreateAsync(Upheld);
        Assert.Single(await store.OfferedAsync(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Reply, "Upheld", Ct));
        var read = await GetAsync(id);

        var result = await store.UpdateAsync(id, read.Concurrency, read.Draft with { Active = false }, Admin, Ct);

        Assert.True(result.IsAllowed);
        Assert.False((await GetAsync(id)).Active);
        Assert.Empty(await store.OfferedAsync(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Reply, "Upheld", Ct));
        var data = JsonDocument.Parse(Assert.Single(await EventsAsync("ReplyTemplateChanged")).Data!).RootElement;
        Assert.False(data.GetProperty("active").GetBoolean());
        Assert.True(data.GetProperty("previousActive").GetBoolean());
    }

    [Fact]
    public async Task Offered_ForACase_OnlyTheLanesAndCategorysTemplatesForTheAction()
    {
        await CreateAsync(Upheld);
        await CreateAsync(Upheld with { Category = null, Title = "通用：成立" });
        await CreateAsync(Upheld with { Category = ObjectionCategory.WronglyExcluded, Title = "未纳入：成立" });
        await CreateAsync(Upheld with { Lane = CaseLane.Misconduct, Category = null, Title = "纪检：成立" });
        await CreateAsync(Upheld with { Category = null, Outcome = ReplyTemplateOutcome.Inadmissible, Title = "不予受理" });

        var reply = await store.OfferedAsync(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Reply, "Upheld", Ct);
        var reject = await store.OfferedAsync(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Reject, null, Ct);
        var note = await store.OfferedAsync(CaseLane.Administrative, ObjectionCategory.WronglyIncluded, ReviewAction.Note, null, Ct);

        Assert.Equal(["异议成立", "通用：成立"], reply.Select(t => t.Title).Order());
        Assert.Equal(["不予受理"], reject.Select(t => t.Title));
        Assert.Empty(note);
    }

    [Fact]
    public async Task Table_RefusesALaneOrOutcomeOutsideItsList()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        const string insert = """
            INSERT INTO ReplyTemplate (Lane, Category, Outcome, Title, Body, Active, UpdatedBy, UpdatedUtc)
            VALUES (@lane, NULL, @outcome, 't', 'b', 1, 'x', @now)
            """;

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(insert, new { lane = "Township", outcome = (string?)null, now = DateTime.UtcNow }));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => c.ExecuteAsync(insert, new { lane = "Administrative", outcome = "Maybe", now = DateTime.UtcNow }));
    }
}

public sealed class SqliteReplyTemplatesStoreTests : ReplyTemplatesStoreTests<SqliteEngine>;

public sealed class SqlServerReplyTemplatesStoreTests : ReplyTemplatesStoreTests<SqlServerEngine>;

public sealed class PostgreSqlReplyTemplatesStoreTests : ReplyTemplatesStoreTests<PostgreSqlEngine>;

// The sent text is kept as sent: the reply on the case is the reviewer's edited text, and changing or deactivating
// the template it started from afterwards changes neither the case page nor what the complainant reads on /track.
public sealed class ReplySentAsSentTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Reply_StartedFromATemplate_StaysAsSentAfterTheTemplateIsChangedAndDeactivated()
    {
        var templates = (ReplyTemplates)database.Services.GetService(typeof(ReplyTemplates))!;
        var admin = (await database.Staff.FindAsync("admin", Ct))!.Actor;
        var reviewer = (await database.Staff.FindAsync("yuxi.reviewer", Ct))!.Actor;
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.Kind == AnnouncementKind.Identification && a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var entry = (await database.Announcements.EntriesAsync(open.Id, Ct))[0];
        var filed = (await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, entry.Id, ObjectionCategory.WronglyIncluded,
            $"该户有稳定工资收入，不符合条件。{Guid.NewGuid():N}", true, null, null, null, true, []), null, Ct)).Accepted!;
        async Task ActAsync(ReviewAction action, string? text, Outcome? outcome = null) =>
            Assert.True((await database.Review.ActAsync(filed.Id, (await database.Objections.GetAsync(filed.Id, Ct))!.Concurrency, action, reviewer, text, outcome, Ct)).IsAllowed);
        await ActAsync(ReviewAction.Accept, "受理");
        await ActAsync(ReviewAction.Investigate, "入户核实");
        await ActAsync(ReviewAction.Decide, null, Outcome.Upheld);

        // The demo's template for this lane, category and outcome, as the picker fills it in, then edited by the reviewer.
        var row = (await database.Objections.GetAsync(filed.Id, Ct))!;
        var template = Assert.Single(await templates.OfferedAsync(Lanes.Of(row.Category), row.Category, ReviewAction.Reply, row.Outcome, Ct),
            t => t.Category == ObjectionCategory.WronglyIncluded);
        var sent = ReplyTemplateText.Fill(template.Body, new ReplyPlaceholders(row.CaseNumber!, open.Title, "7 日")) + "（经办人补充：已于 11 月 27 日入户核实。）";
        Assert.Contains(row.CaseNumber!, sent);
        await ActAsync(ReviewAction.Reply, sent);

        Assert.True((await templates.UpdateAsync(template.Id, template.Concurrency, template.Draft with { Body = "改过的模板正文" }, admin, Ct)).IsAllowed);
        var changed = (await templates.AllAsync(Ct)).Single(t => t.Id == template.Id);
        Assert.True((await templates.UpdateAsync(template.Id, changed.Concurrency, changed.Draft with { Active = false }, admin, Ct)).IsAllowed);

        Assert.Equal(sent, (await database.Intake.TrackAsync(filed.Receipt, Ct))!.Reply);
        var view = (await database.Review.GetAsync(filed.Id, reviewer, Ct))!;
        Assert.Contains(view.Timeline, e => e.Kind == ObjectionEventKind.Reply && e.Text == sent);
        Assert.DoesNotContain(view.Timeline, e => e.Text?.Contains("改过的模板正文") == true);
    }
}
