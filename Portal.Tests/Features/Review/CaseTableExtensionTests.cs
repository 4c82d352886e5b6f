using System.Globalization;
using Bunit;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Review.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// The workbench lists a case by its deadline as extended: "extended to …", and no overdue flag before the new date.
public sealed class CaseTableExtensionTests : PortalTestContext
{
    private static readonly ReviewWorkflow Workflow = new(LaneTestOptions.Administrative(3, 15, 7, Portal.Features.Calendar.PeriodUnit.CalendarDays));
    private static readonly WorkingDays Calendar2026 = new([2026], ChinaSchedule.Year2026.Days());

    // Received 2026-11-28 10:00 Beijing, under investigation: the reply was due 2026-12-13; now is 12-15.
    private static readonly CaseSummary Late = new()
    {
        Id = 1, CaseNumber = "YX-2026-0001", State = ObjectionState.UnderInvestigation, Category = ObjectionCategory.Other,
        ReceivedUtc = new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc),
    };

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-15T02:00:00Z");

    public CaseTableExtensionTests() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");

    private IRenderedComponent<CaseTable> RenderTable(CaseSummary c) =>
        Render<CaseTable>(p => p.Add(x => x.Cases, [c]).Add(x => x.Now, Now).Add(x => x.Workflow, Workflow).Add(x => x.Calendar, Calendar2026));

    [Fact]
    public void Table_AnExtendedReply_ShowsTheNewDateAndNoOverdueFlag()
    {
        var extended = Late with
        {
            Extensions = new CaseExtensions([new DeadlineExtension { ObjectionId = 1, Deadline = CaseDeadline.Reply, ExtendedTo = new(2026, 12, 20), Reason = "走访" }]),
        };

        var before = RenderTable(Late).Markup;
        var after = RenderTable(extended).Markup;

        Assert.Contains("2026-12-13 24:00", before);
        Assert.Contains(">超期<", before);
        Assert.Contains("2026-12-20 24:00", after);
        Assert.Contains("答复期限已延长至 2026-12-20", after);
        Assert.DoesNotContain(">超期<", after);
    }
}
