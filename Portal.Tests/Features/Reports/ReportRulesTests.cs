using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Features.Regions;
using Portal.Features.Reports;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Reports;

// The two clocks over the 2026 State Council schedule, the state machine, and what a submission must carry.
public sealed class ReportRulesTests
{
    private static readonly WorkingDays Calendar = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly ReportRules Rules = new(new ReportOptions());

    // Received on Wednesday 2026-09-30 at 10:00 in Shanghai.
    private static readonly DateTime BeforeNationalDay = ShanghaiTime.StartOf(new DateOnly(2026, 9, 30)).AddHours(10).UtcDateTime;

    private static ReportRow Row(ReportState state, string? assignedTo = null) => new()
    {
        Id = 1, CaseNumber = "恩阳-反映-2026-000001", VillageCode = "511903100201", QueueRegionCode = "511903100000", State = state,
        AssignedTo = assignedTo, ReceivedUtc = BeforeNationalDay,
    };

    private static StaffActor Reviewer(string township = "511903100000", string name = "yuxi.reviewer") =>
        new(1, name, StaffRole.TownshipReviewer, RegionScope.Of(township));

    [Fact]
    public void VisitDue_TwoWorkingDaysAfterTheDayBeforeNationalDay_IsTheEndOfOctober9()
    {
        // 10-01 to 10-07 are off: Thursday 10-08 and Friday 10-09 are the two working days.
        Assert.Equal("2026-10-09 24:00", ShanghaiTime.Deadline(Rules.VisitDue(BeforeNationalDay, Calendar)));
    }

    [Fact]
    public void DecisionDue_FifteenCalendarDays_IgnoresTheHoliday_AndWorkingDaysWhenConfigured()
    {
        Assert.Equal("2026-10-15 24:00", ShanghaiTime.Deadline(Rules.DecisionDue(BeforeNationalDay, Calendar)));
        var working = new ReportRules(new ReportOptions { DecisionDays = 15, DecisionUnit = PeriodUnit.WorkingDays });
        // 10-08, 10-09, Saturday 10-10 (调休), 10-12 … 10-16 and 10-19 … 10-23 make thirteen; 10-26 and 10-27 fifteen.
        Assert.Equal("2026-10-27 24:00", ShanghaiTime.Deadline(working.DecisionDue(BeforeNationalDay, Calendar)));
    }

    [Fact]
    public void Overdue_VisitClockRunsOutAtMidnight_AndStopsOnceVisited()
    {
        var lastMinute = ShanghaiTime.StartOf(new DateOnly(2026, 10, 9)).AddHours(23).AddMinutes(59);
        var after = ShanghaiTime.StartOf(new DateOnly(2026, 10, 10));

        Assert.False(Rules.IsVisitOverdue(ReportState.Received, BeforeNationalDay, lastMinute, Calendar));
        Assert.True(Rules.IsVisitOverdue(ReportState.Received, BeforeNationalDay, after, Calendar));
        Assert.False(Rules.IsVisitOverdue(ReportState.Visited, BeforeNationalDay, after, Calendar));
        var late = ShanghaiTime.StartOf(new DateOnly(2026, 10, 16));
        Assert.True(Rules.IsDecisionOverdue(ReportState.Visited, BeforeNationalDay, late, Calendar));
        Assert.False(Rules.IsDecisionOverdue(ReportState.Refused, BeforeNationalDay, late, Calendar));
    }

    [Fact]
    public void CanAct_FollowsTheStateMachine_AndARefusalNeedsItsReason()
    {
        Assert.True(ReportRules.CanAct(Row(ReportState.Received), ReportAction.Visit, Reviewer(), null).IsAllowed);
        Assert.Equal("Report.NotAllowedInState", ReportRules.CanAct(Row(ReportState.Received), ReportAction.Include, Reviewer(), null).Rule);
        Assert.Equal("Report.NotAllowedInState", ReportRules.CanAct(Row(ReportState.Refused), ReportAction.Include, Reviewer(), null).Rule);
        var noReason = ReportRules.CanAct(Row(ReportState.Visited), ReportAction.Refuse, Reviewer(), "  ");
        Assert.Equal(("reason", "Report.ReasonRequired"), (noReason.Field, noReason.Rule));
        Assert.True(ReportRules.CanAct(Row(ReportState.Visited), ReportAction.Refuse, Reviewer(), "收入稳定，不存在风险。").IsAllowed);
    }

    [Fact]
    public void CanAct_AnotherTownshipOrTheDistrictOrAnotherHolder_IsRefused()
    {
        Assert.Equal("Report.NotYourQueue", ReportRules.CanAct(Row(ReportState.Received), ReportAction.Visit, Reviewer("511903101000", "jiuzhen.reviewer"), null).Rule);
        var district = new StaffActor(2, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of("511903000000"));
        Assert.Equal("Report.NotYourQueue", ReportRules.CanAct(Row(ReportState.Received), ReportAction.Visit, district, null).Rule);
        Assert.True(ReportRules.MayRead(district, Row(ReportState.Received)));
        Assert.Equal("Review.AssignedToOther", ReportRules.CanAct(Row(ReportState.Visited, "other.reviewer"), ReportAction.Include, Reviewer(), null).Rule);
    }

    [Fact]
    public void Validate_NamesEachField()
    {
        var errors = ReportRules.Validate(new ReportSubmission(null, null, "", "太短", false, "", "12", false), villageKnown: false);

        Assert.Equal(["consent", "kind", "name", "phone", "subject", "text", "village"], errors.Select(e => e.Field!).Distinct().Order());
    }

    [Fact]
    public void Validate_SelfReportAnonymous_IsRefusedOnTheAnonymousField()
    {
        var errors = ReportRules.Validate(new ReportSubmission("511903100201", ReportKind.SelfReport, "张三", "家里房子塌了，需要帮助，请来看看。", true, null, null, true), true);

        Assert.Equal(("anonymous", "Report.SelfReportNamed"), (Assert.Single(errors).Field, errors[0].Rule));
    }
}
