using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Reports;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Reports;

// Including a report opens the chosen household's monitoring case in the same transaction: one Proposed case whose first
// clue is the day the report arrived, or, on any refusal, nothing at all.
public abstract class ReportInclusionTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DemoDistrict.Township Yuxi = DemoDistrict.Townships[0];
    private static readonly string Guihua = Yuxi.Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(Yuxi.Code));

    // 2026-11-17 16:30 UTC is already 2026-11-18 in Asia/Shanghai: the first clue is the local day, ten days before today.
    private static readonly DateTime ReceivedUtc = new(2026, 11, 17, 16, 30, 0, DateTimeKind.Utc);
    private static readonly DateOnly ReceiptDay = new(2026, 11, 18);

    public async ValueTask InitializeAsync() => await database.SeedAsync(300);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private ReportStore Reports => database.Services.GetRequiredService<ReportStore>();

    private long Count(string sql, params (string Name, object? Value)[] args)
    {
        using var c = database.Db.Open();
        var parameters = new Dapper.DynamicParameters();
        foreach (var (name, value) in args) parameters.Add(name, value);
        return Dapper.SqlMapper.ExecuteScalar<long>(c, sql, parameters);
    }

    private Task<ReportRow> VisitedAsync(string subject) => ReportTestKit.VisitedReportAsync(Reports, Reviewer, Guihua, subject, ReceivedUtc);

    private Task<RuleResult> IncludeAsync(ReportRow r, ReportInclusion? inclusion) =>
        Reports.ActAsync(r.Id, r.Concurrency, ReportAction.Include, Reviewer, null, inclusion, Ct);

    private long CasesOf(long household) => Count("SELECT COUNT(*) FROM MonitoringCase WHERE HouseholdId = @h", ("h", household));

    private long CasesOpenedAudited() => Count("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'MonitoringCaseOpened'");

    private void AssertNothingWritten(ReportRow r, long household, long casesBefore, long openedBefore)
    {
        Assert.Equal(1, Count("SELECT COUNT(*) FROM Report WHERE Id = @id AND State = 'Visited' AND MonitoringCaseId IS NULL", ("id", r.Id)));
        Assert.Equal(casesBefore, CasesOf(household));
        Assert.Equal(openedBefore, CasesOpenedAudited());
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ReportInclude' AND Subject = @s", ("s", $"report:{r.CaseNumber}")));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM ReportEvent WHERE ReportId = @id AND Kind = 'Included'", ("id", r.Id)));
    }

    [Fact]
    public async Task Include_OpensOneProposedCaseForTheChosenHousehold_FirstClueTheReceiptDay_TypeAndRiskAsChosen()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var report = await VisitedAsync(household.HeadName);

        var result = await IncludeAsync(report, new ReportInclusion(household.Id, MonitoringType.MarginalAtRisk, "  务工收入中断，家中两位老人长期服药  "));

        Assert.True(result.IsAllowed, result.Rule);
        var cases = await database.Services.GetRequiredService<MonitoringStore>().ForHouseholdAsync(household.Id, Reviewer, Ct);
        var opened = Assert.Single(cases);
        Assert.Equal((MonitoringStatus.Proposed, MonitoringType.MarginalAtRisk, "务工收入中断，家中两位老人长期服药", ReceiptDay),
            (opened.Status, opened.Type, opened.Risk, opened.FirstClueDate));
        Assert.Equal(report.CaseNumber, opened.ReportCaseNumber);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM Report WHERE Id = @id AND State = 'Included' AND MonitoringCaseId = @m", ("id", report.Id), ("m", opened.Id)));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'MonitoringCaseOpened' AND Subject = @s", ("s", $"monitoring:{opened.Id}")));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ReportInclude' AND Subject = @s", ("s", $"report:{report.CaseNumber}")));
    }

    [Fact]
    public async Task Include_TheWorkbenchClock_RunsFromTheReceiptDay()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var report = await VisitedAsync(household.HeadName);
        Assert.True((await IncludeAsync(report, new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "房屋垮塌"))).IsAllowed);

        var proposed = await database.Services.GetRequiredService<MonitoringStore>().InScopeAsync(Reviewer, MonitoringStatus.Proposed, Ct);
        var clock = MonitoringRules.Clock(proposed.Single(c => c.HouseholdId == household.Id).FirstClueDate, ShanghaiTime.Today(database.Clock.GetUtcNow()),
            Portal.Features.Calendar.WorkingDays.WeekendsOnly);

        // Received 2026-11-18 (local), today 2026-11-28: 15 days from the receipt end on 2026-12-03, 5 days left.
        Assert.Equal((new DateOnly(2026, 12, 3), 5), (clock.Due, clock.DaysLeft));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "no household", "household", "Reports.HouseholdRequired" },
        { "another village of the township", "household", "Reports.HouseholdNotInVillage" },
        { "outside the reviewer's region", "household", "Reports.HouseholdNotInVillage" },
        { "no risk", "risk", "Monitoring.RiskRequired" },
        { "no type", "type", "Monitoring.BadType" },
        { "unknown type", "type", "Monitoring.BadType" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Include_Refused_NamesTheFieldAndWritesNothing(string refusal, string field, string rule)
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var chosen = refusal switch
        {
            "another village of the township" => ReportTestKit.FreeHousehold(database.Db, Yuxi.Villages[1].Code).Id,
            "outside the reviewer's region" => ReportTestKit.FreeHousehold(database.Db, DemoDistrict.Townships[2].Villages[0].Code).Id,
            _ => household.Id,
        };
        var report = await VisitedAsync(household.HeadName);
        var inclusion = refusal switch
        {
            "no household" => new ReportInclusion(null, MonitoringType.UnstableExited, "风险"),
            "no risk" => new ReportInclusion(chosen, MonitoringType.UnstableExited, "  "),
            "no type" => new ReportInclusion(chosen, null, "风险"),
            "unknown type" => new ReportInclusion(chosen, (MonitoringType)99, "风险"),
            _ => new ReportInclusion(chosen, MonitoringType.UnstableExited, "风险"),
        };
        var (cases, opened) = (CasesOf(chosen), CasesOpenedAudited());

        var result = await IncludeAsync(report, inclusion);

        Assert.Equal((field, rule), (result.Field, result.Rule));
        AssertNothingWritten(report, chosen, cases, opened);
    }

    [Fact]
    public async Task Include_AHouseholdAlreadyMonitored_IsRefusedAndWritesNothing()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var monitoring = database.Services.GetRequiredService<MonitoringStore>();
        Assert.True((await monitoring.OpenAsync(new NewMonitoringCase(household.Id, MonitoringType.MarginalAtRisk, "早先的线索", new DateOnly(2026, 11, 1)), Reviewer, Ct))
            .Result.IsAllowed);
        var report = await VisitedAsync(household.HeadName);
        var (cases, opened) = (CasesOf(household.Id), CasesOpenedAudited());

        var result = await IncludeAsync(report, new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "新的风险"));

        Assert.Equal("Monitoring.AlreadyOpen", result.Rule);
        AssertNothingWritten(report, household.Id, cases, opened);
    }

    [Fact]
    public async Task Include_WithAStaleConcurrency_OpensNoMonitoringCase()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var report = await VisitedAsync(household.HeadName);
        var opened = CasesOpenedAudited();

        var result = await Reports.ActAsync(report.Id, report.Concurrency - 1, ReportAction.Include, Reviewer, null,
            new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "风险"), Ct);

        Assert.Equal("Report.ChangedMeanwhile", result.Rule);
        AssertNothingWritten(report, household.Id, 0, opened);
    }

    [Fact]
    public async Task Include_WhileAnotherTransactionOpensACaseForTheHousehold_IsRefusedAsAlreadyOpenAndWritesNothing()
    {
        var household = ReportTestKit.FreeHousehold(database.Db, Guihua);
        var report = await VisitedAsync(household.HeadName);
        var monitoring = database.Services.GetRequiredService<MonitoringStore>();
        await using var other = await database.Db.OpenAsync(Ct);
        await using var tx = await other.BeginTransactionAsync(Ct);
        Assert.True((await monitoring.OpenAsync(other, tx, new NewMonitoringCase(household.Id, MonitoringType.MarginalAtRisk, "同时记录的线索",
            new DateOnly(2026, 11, 20)), Reviewer, database.Clock.GetUtcNow(), Ct)).Result.IsAllowed);
        var opened = CasesOpenedAudited();

        // SQLite runs synchronously: the inclusion waits on its own thread for the other writer, as a second request would.
        var including = Task.Run(() => IncludeAsync(report, new ReportInclusion(household.Id, MonitoringType.SuddenHardship, "新的风险")), Ct);
        await Task.Delay(200, Ct);
        await tx.CommitAsync(Ct);
        var result = await including;

        Assert.Equal("Monitoring.AlreadyOpen", result.Rule);
        AssertNothingWritten(report, household.Id, 1, opened + 1);
    }
}

public sealed class SqliteReportInclusionTests : ReportInclusionTests<SqliteEngine>;

public sealed class PostgreSqlReportInclusionTests : ReportInclusionTests<PostgreSqlEngine>;

public sealed class SqlServerReportInclusionTests : ReportInclusionTests<SqlServerEngine>;
