using Portal.Features.Reports;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.Features.Reports.ReportTestKit;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Reports;

// The township's moves on a report: who may make them, the audit event written with each, and the concurrency guard.
public sealed class ReportStoreTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private long Audits(string kind, string caseNumber) =>
        Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM AuditEvent WHERE Kind = $k AND Subject = $s", ("$k", kind), ("$s", $"report:{caseNumber}"));

    private string State(long id) => Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Id = $id AND State = 'Included'", ("$id", id)) == 1
        ? "Included" : Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Id = $id AND State = 'Visited'", ("$id", id)) == 1 ? "Visited" : "other";

    [Fact]
    public async Task VisitThenInclude_ByTheTownshipsReviewer_MovesTheReportAndAuditsEachMove()
    {
        var household = FreeHousehold(app);
        var report = await SubmitAsync(app, subject: household.HeadName);

        Assert.True((await ActAsync(app, report.Id, ReportAction.Visit, "yuxi.reviewer")).IsAllowed);
        Assert.Equal("Visited", State(report.Id));
        Assert.True((await ActAsync(app, report.Id, ReportAction.Include, "yuxi.reviewer",
            inclusion: new ReportInclusion(household.Id, Portal.Features.Households.MonitoringType.SuddenHardship, "户主受伤住院，收入骤减"))).IsAllowed);

        Assert.Equal("Included", State(report.Id));
        Assert.Equal(1, Audits("ReportReceived", report.CaseNumber));
        Assert.Equal(1, Audits("ReportVisit", report.CaseNumber));
        Assert.Equal(1, Audits("ReportInclude", report.CaseNumber));
        Assert.Equal(3, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM ReportEvent WHERE ReportId = $id", ("$id", report.Id)));
    }

    [Theory]
    [InlineData("jiuzhen.reviewer")]
    [InlineData("district.reviewer")]
    [InlineData("inspector")]
    [InlineData("admin")]
    public async Task Visit_BySomeoneOutsideTheTownshipsQueue_IsRefusedAndChangesNothing(string user)
    {
        var report = await SubmitAsync(app);

        var result = await ActAsync(app, report.Id, ReportAction.Visit, user);

        Assert.False(result.IsAllowed);
        Assert.Contains(result.Rule, new[] { "Report.NotYourQueue", "Report.NotFound" });
        Assert.Equal(0, Audits("ReportVisit", report.CaseNumber));
        Assert.Equal(1, Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Report WHERE Id = $id AND State = 'Received'", ("$id", report.Id)));
    }

    [Fact]
    public async Task Refuse_WithoutAReason_IsRefusedNamingTheReason()
    {
        var report = await SubmitAsync(app);
        await ActAsync(app, report.Id, ReportAction.Visit, "yuxi.reviewer");

        var result = await ActAsync(app, report.Id, ReportAction.Refuse, "yuxi.reviewer", " ");

        Assert.Equal(("reason", "Report.ReasonRequired"), (result.Field, result.Rule));
        Assert.Equal(0, Audits("ReportRefuse", report.CaseNumber));
    }

    [Fact]
    public async Task Act_WithAStaleConcurrency_IsRefusedAsChangedMeanwhile()
    {
        var report = await SubmitAsync(app);
        await ActAsync(app, report.Id, ReportAction.Visit, "yuxi.reviewer");

        var result = await ActAsync(app, report.Id, ReportAction.Include, "yuxi.reviewer", concurrency: 0);

        Assert.Equal("Report.ChangedMeanwhile", result.Rule);
        Assert.Equal("Visited", State(report.Id));
    }
}
