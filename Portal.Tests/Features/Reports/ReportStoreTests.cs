using Dapper;
using Portal.Features.Households;
using Portal.Features.Reports;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.Features.Reports.ReportTestKit;

namespace Portal.Tests.Features.Reports;

// The township's moves on a report: who may make them, the audit event written with each, and the concurrency guard,
// on every engine.
public abstract class ReportStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();

    public async ValueTask InitializeAsync() => await database.SeedAsync(300, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private IServiceProvider Services => database.Services;

    private long Count(string sql, object args)
    {
        using var c = database.Db.Open();
        return c.ExecuteScalar<long>(sql, args);
    }

    private long Audits(string kind, string caseNumber) =>
        Count("SELECT COUNT(*) FROM AuditEvent WHERE Kind = @kind AND Subject = @subject", new { kind, subject = $"report:{caseNumber}" });

    private string State(long id)
    {
        using var c = database.Db.Open();
        return c.ExecuteScalar<string>("SELECT State FROM Report WHERE Id = @id", new { id })!;
    }

    [Fact]
    public async Task VisitThenInclude_ByTheTownshipsReviewer_MovesTheReportAndAuditsEachMove()
    {
        var household = FreeHousehold(database.Db);
        var report = await SubmitAsync(Services, subject: household.HeadName);

        Assert.True((await ActAsync(Services, report.Id, ReportAction.Visit, "yuxi.reviewer")).IsAllowed);
        Assert.Equal("Visited", State(report.Id));
        Assert.True((await ActAsync(Services, report.Id, ReportAction.Include, "yuxi.reviewer",
            inclusion: new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "户主受伤住院，收入骤减"))).IsAllowed);

        Assert.Equal("Included", State(report.Id));
        Assert.Equal(1, Audits("ReportReceived", report.CaseNumber));
        Assert.Equal(1, Audits("ReportVisit", report.CaseNumber));
        Assert.Equal(1, Audits("ReportInclude", report.CaseNumber));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM ReportEvent WHERE ReportId = @id", new { id = report.Id }));
    }

    [Theory]
    [InlineData("jiuzhen.reviewer")]
    [InlineData("district.reviewer")]
    [InlineData("inspector")]
    [InlineData("admin")]
    public async Task Visit_BySomeoneOutsideTheTownshipsQueue_IsRefusedAndChangesNothing(string user)
    {
        var report = await SubmitAsync(Services);

        var result = await ActAsync(Services, report.Id, ReportAction.Visit, user);

        Assert.False(result.IsAllowed);
        Assert.Contains(result.Rule, new[] { "Report.NotYourQueue", "Report.NotFound" });
        Assert.Equal(0, Audits("ReportVisit", report.CaseNumber));
        Assert.Equal("Received", State(report.Id));
    }

    [Fact]
    public async Task Refuse_WithoutAReason_IsRefusedNamingTheReason()
    {
        var report = await SubmitAsync(Services);
        await ActAsync(Services, report.Id, ReportAction.Visit, "yuxi.reviewer");

        var result = await ActAsync(Services, report.Id, ReportAction.Refuse, "yuxi.reviewer", " ");

        Assert.Equal(("reason", "Report.ReasonRequired"), (result.Field, result.Rule));
        Assert.Equal(0, Audits("ReportRefuse", report.CaseNumber));
        Assert.Equal("Visited", State(report.Id));
    }

    [Fact]
    public async Task Act_WithAStaleConcurrency_IsRefusedAsChangedMeanwhile()
    {
        var report = await SubmitAsync(Services);
        await ActAsync(Services, report.Id, ReportAction.Visit, "yuxi.reviewer");

        var result = await ActAsync(Services, report.Id, ReportAction.Include, "yuxi.reviewer", concurrency: 0);

        Assert.Equal("Report.ChangedMeanwhile", result.Rule);
        Assert.Equal("Visited", State(report.Id));
    }

    // Two reviewers of the township acting on the same version of a report at once: exactly one move lands.
    [Fact]
    public async Task TwoReviewers_OnTheSameVersion_ExactlyOneMoveLands()
    {
        var report = await SubmitAsync(Services);
        var store = database.Get<ReportStore>();
        var reviewer = await ActorAsync(Services, "yuxi.reviewer");
        var concurrency = (await store.GetAsync(report.Id, reviewer, TestContext.Current.CancellationToken))!.Report.Concurrency;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            store.ActAsync(report.Id, concurrency, ReportAction.Visit, reviewer, "已入户", ct: TestContext.Current.CancellationToken))));

        Assert.Single(results, r => r.IsAllowed);
        Assert.All(results.Where(r => !r.IsAllowed), r => Assert.Equal("Report.ChangedMeanwhile", r.Rule));
        Assert.Equal(1, Audits("ReportVisit", report.CaseNumber));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM ReportEvent WHERE ReportId = @id", new { id = report.Id }));
    }
}

public sealed class SqliteReportStoreTests : ReportStoreTests<SqliteEngine>;

public sealed class PostgreSqlReportStoreTests : ReportStoreTests<PostgreSqlEngine>;

public sealed class SqlServerReportStoreTests : ReportStoreTests<SqlServerEngine>;
