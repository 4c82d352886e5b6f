using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;

namespace Portal.Tests.Features.Households;

public sealed class MonitoringRulesTests
{
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly string Other = DemoDistrict.Townships[1].Villages[0].Code;
    private static readonly StaffActor Clerk = new(1, "guihua.clerk", StaffRole.VillageClerk, RegionScope.Of(Guihua));
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static NewMonitoringCase Case(string? risk = "因病支出骤增", DateOnly? clue = null) =>
        new(1, MonitoringType.SuddenHardship, risk, clue ?? Today.AddDays(-3));

    [Theory]
    [InlineData(MonitoringStatus.Proposed, MonitoringStatus.Monitored, true)]
    [InlineData(MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated, true)]
    [InlineData(MonitoringStatus.Proposed, MonitoringStatus.RiskEliminated, false)]
    [InlineData(MonitoringStatus.RiskEliminated, MonitoringStatus.Monitored, false)]
    [InlineData(MonitoringStatus.Monitored, MonitoringStatus.Proposed, false)]
    [InlineData(MonitoringStatus.Monitored, MonitoringStatus.Monitored, false)]
    public void IsAllowed_OnlyForwardOneStep(MonitoringStatus from, MonitoringStatus to, bool allowed) =>
        Assert.Equal(allowed, MonitoringRules.IsAllowed(from, to));

    [Fact]
    public void Clock_DueFifteenCalendarDaysAfterTheFirstClue_EvenAcrossTheNationalDayHoliday()
    {
        // 2026-09-28 + 15 calendar days, the holiday week (10-01 to 10-07) counted like any other day.
        var calendar = new WorkingDays([2026], [new CalendarDay(new DateOnly(2026, 10, 1), CalendarDayKind.Holiday, "国庆节")]);

        var clock = MonitoringRules.Clock(new DateOnly(2026, 9, 28), new DateOnly(2026, 10, 10), calendar);

        Assert.Equal(new DateOnly(2026, 10, 13), clock.Due);
        Assert.Equal(3, clock.DaysLeft);
        Assert.False(clock.Overdue);
    }

    [Fact]
    public void Clock_OnTheDueDay_IsNotOverdue_TheDayAfter_IsOverdueByOne()
    {
        var clue = new DateOnly(2026, 11, 1);

        var onDue = MonitoringRules.Clock(clue, new DateOnly(2026, 11, 16), WorkingDays.WeekendsOnly);
        var dayAfter = MonitoringRules.Clock(clue, new DateOnly(2026, 11, 17), WorkingDays.WeekendsOnly);

        Assert.Equal((0, false), (onDue.DaysLeft, onDue.Overdue));
        Assert.Equal((-1, true), (dayAfter.DaysLeft, dayAfter.Overdue));
    }

    [Fact]
    public void FollowUp_DueSixMonthsAfterElimination_AndOnlyUntilDone()
    {
        var eliminated = new DateOnly(2026, 3, 31);
        var due = MonitoringRules.FollowUpDue(eliminated);
        var c = new MonitoringCase { Status = MonitoringStatus.RiskEliminated, EliminatedDate = eliminated, FollowUpDue = due };

        Assert.Equal(new DateOnly(2026, 9, 30), due);
        Assert.False(MonitoringRules.IsFollowUpDue(c, new DateOnly(2026, 9, 29)));
        Assert.True(MonitoringRules.IsFollowUpDue(c, new DateOnly(2026, 9, 30)));
        Assert.True(MonitoringRules.IsFollowUpDue(c, new DateOnly(2027, 1, 5)));
        Assert.False(MonitoringRules.IsFollowUpDue(c with { FollowUpDoneDate = new DateOnly(2026, 10, 2) }, new DateOnly(2027, 1, 5)));
        Assert.False(MonitoringRules.IsFollowUpDue(c with { Status = MonitoringStatus.Monitored }, new DateOnly(2027, 1, 5)));
    }

    [Fact]
    public void CanOpen_RefusesNamingTheFieldAndRule()
    {
        Assert.True(MonitoringRules.CanOpen(Case(), Clerk, Guihua, false, Today).IsAllowed);
        Assert.True(MonitoringRules.CanOpen(Case(clue: Today), Clerk, Guihua, false, Today).IsAllowed);

        Assert.Equal(("risk", "Monitoring.RiskRequired"), Refusal(MonitoringRules.CanOpen(Case(risk: "  "), Clerk, Guihua, false, Today)));
        Assert.Equal(("risk", "Monitoring.RiskTooLong"), Refusal(MonitoringRules.CanOpen(Case(risk: new string('病', 401)), Clerk, Guihua, false, Today)));
        Assert.Equal(("firstClueDate", "Monitoring.ClueDateInFuture"), Refusal(MonitoringRules.CanOpen(Case(clue: Today.AddDays(1)), Clerk, Guihua, false, Today)));
        Assert.Equal(("firstClueDate", "Monitoring.ClueDateRequired"), Refusal(MonitoringRules.CanOpen(Case() with { FirstClueDate = null }, Clerk, Guihua, false, Today)));
        Assert.Equal("Monitoring.AlreadyOpen", MonitoringRules.CanOpen(Case(), Clerk, Guihua, true, Today).Rule);
    }

    [Fact]
    public void CanOpen_OutsideTheRegionOrAsInspector_IsRefused()
    {
        var inspector = new StaffActor(2, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(DemoDistrict.DistrictCode));
        var district = new StaffActor(3, "district.reviewer", StaffRole.DistrictReviewer, RegionScope.Of(DemoDistrict.DistrictCode));

        Assert.Equal("Monitoring.OutsideRegion", MonitoringRules.CanOpen(Case(), Clerk, Other, false, Today).Rule);
        Assert.Equal("Monitoring.OutsideRegion", MonitoringRules.CanOpen(Case(), inspector, Guihua, false, Today).Rule);
        Assert.Equal("Monitoring.OutsideRegion", MonitoringRules.CanOpen(Case(), Clerk, null, false, Today).Rule);
        Assert.True(MonitoringRules.CanOpen(Case(), district, Other, false, Today).IsAllowed);
    }

    private static (string?, string?) Refusal(Portal.Infrastructure.RuleResult r) => (r.Field, r.Rule);
}
