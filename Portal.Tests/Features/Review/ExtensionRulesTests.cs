using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Review;

// Who may extend which deadline, to when and why; and the deadline the portal uses once one is extended.
public sealed class ExtensionRulesTests
{
    private const string Yuxi = "511903100000";
    private const string District = "511903000000";
    private static readonly ReviewWorkflow Workflow = new(LaneTestOptions.Administrative(3, 15, 7, PeriodUnit.CalendarDays));
    private static readonly WorkingDays Calendar2026 = new([2026], ChinaSchedule.Year2026.Days());
    private static readonly ExtensionRules Rules = new(new ExtensionOptions { MaxDays = 30, Unit = PeriodUnit.CalendarDays }, Workflow);
    private static readonly ExtensionRules WorkingDayRules = new(new ExtensionOptions(), Workflow);
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(Yuxi));
    private static readonly StaffActor OtherTownship = new(2, "jiuzhen.reviewer", StaffRole.TownshipReviewer, RegionScope.Of("511903200000"));
    private static readonly StaffActor Inspector = new(4, "inspector", StaffRole.DisciplineInspector, RegionScope.Of(District));
    private static readonly StaffActor Admin = new(5, "admin", StaffRole.Administrator, RegionScope.Of(District));

    // Received Saturday 2026-11-28 10:00 Beijing: acceptance due 2026-12-01, reply due 2026-12-13 (3 and 15 calendar days).
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static ObjectionRow Case(ObjectionState state = ObjectionState.Received, string? assigned = null) => new()
    {
        Id = 1, State = state, Queue = ReviewQueue.Township, QueueRegionCode = Yuxi, AssignedTo = assigned,
        ReceivedUtc = new DateTime(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc),
    };

    private static RuleResult Check(CaseDeadline deadline = CaseDeadline.Acceptance, DateOnly? to = null, string? reason = "需要补充调查村民小组意见。",
        ObjectionRow? c = null, StaffActor? actor = null, Ties? ties = null, CaseExtensions? extensions = null, ExtensionRules? rules = null, DateOnly? today = null) =>
        (rules ?? Rules).Check(Calendar2026, c ?? Case(), deadline, actor ?? Reviewer, ties ?? Ties.None, extensions ?? CaseExtensions.None,
            to ?? new DateOnly(2026, 12, 10), reason, today ?? Today);

    private static void AssertRefused(RuleResult result, string? field, string rule)
    {
        Assert.False(result.IsAllowed);
        Assert.Equal(rule, result.Rule);
        Assert.Equal(field, result.Field);
    }

    [Fact]
    public void Check_TheQueuesReviewerWithADateAndReason_IsAllowedForBothOpenDeadlines()
    {
        Assert.True(Check().IsAllowed);
        Assert.True(Check(CaseDeadline.Reply, new DateOnly(2026, 12, 20)).IsAllowed);
        Assert.True(Check(CaseDeadline.Reply, new DateOnly(2026, 12, 20), c: Case(ObjectionState.UnderInvestigation, assigned: "yuxi.reviewer")).IsAllowed);
    }

    [Fact]
    public void Check_AnotherTownshipsReviewerAnInspectorOrAnAdministrator_IsRefused()
    {
        AssertRefused(Check(actor: OtherTownship), null, "Review.NotYourQueue");
        AssertRefused(Check(actor: Inspector), null, "Review.NotYourQueue");
        AssertRefused(Check(actor: Admin), null, "Review.AdministratorsDoNotDecide");
    }

    [Fact]
    public void Check_ATiedReviewerOrACaseHeldByAnother_IsRefused()
    {
        AssertRefused(Check(ties: new Ties(DeclaredConflict: true, Recused: false, HomeVillage: false)), null, "Review.Conflict");
        AssertRefused(Check(ties: new Ties(false, Recused: true, false)), null, "Review.Recused");
        AssertRefused(Check(ties: new Ties(false, false, HomeVillage: true)), null, "Review.HomeVillage");
        AssertRefused(Check(c: Case(assigned: "someone.else")), null, "Review.AssignedToOther");
    }

    [Theory]
    [InlineData(ObjectionState.Admissible)]
    [InlineData(ObjectionState.UnderInvestigation)]
    [InlineData(ObjectionState.Inadmissible)]
    public void Check_AcceptanceOnceDecided_IsNotOpen(ObjectionState state) =>
        AssertRefused(Check(c: Case(state)), "deadline", "Extensions.NotOpen");

    [Theory]
    [InlineData(ObjectionState.Replied)]
    [InlineData(ObjectionState.Inadmissible)]
    [InlineData(ObjectionState.Closed)]
    public void Check_ReplyOnceReplied_IsNotOpen(ObjectionState state) =>
        AssertRefused(Check(CaseDeadline.Reply, new DateOnly(2026, 12, 20), c: Case(state)), "deadline", "Extensions.NotOpen");

    [Fact]
    public void Check_ADeadlineExtendedBefore_IsRefused_TheOtherStaysOpen()
    {
        var extended = new CaseExtensions([new DeadlineExtension { ObjectionId = 1, Deadline = CaseDeadline.Acceptance, ExtendedTo = new(2026, 12, 5), Reason = "r" }]);
        AssertRefused(Check(extensions: extended), "deadline", "Extensions.AlreadyExtended");
        Assert.True(Check(CaseDeadline.Reply, new DateOnly(2026, 12, 20), extensions: extended).IsAllowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Check_NoReason_IsRefusedOnTheReason(string? reason) =>
        AssertRefused(Check(reason: reason), "reason", "Extensions.ReasonRequired");

    [Fact]
    public void Check_AReasonOverTheLimit_IsRefusedOnTheReason()
    {
        AssertRefused(Check(reason: new string('理', ExtensionRules.MaximumReason + 1)), "reason", "Extensions.ReasonTooLong");
        Assert.True(Check(reason: new string('理', ExtensionRules.MaximumReason)).IsAllowed);
    }

    [Fact]
    public void Check_NoDate_IsRefusedOnTheDate()
    {
        var result = Rules.Check(Calendar2026, Case(), CaseDeadline.Acceptance, Reviewer, Ties.None, CaseExtensions.None, null, "理由", Today);
        AssertRefused(result, "extendedTo", "Extensions.DateRequired");
    }

    [Fact]
    public void Check_ADateNotLaterThanTheDueDate_IsRefused()
    {
        AssertRefused(Check(to: new DateOnly(2026, 12, 1)), "extendedTo", "Extensions.NotLater");
        AssertRefused(Check(to: new DateOnly(2026, 11, 30)), "extendedTo", "Extensions.NotLater");
        Assert.Equal("2026-12-01", Check(to: new DateOnly(2026, 12, 1)).Args[0]);
        Assert.True(Check(to: new DateOnly(2026, 12, 2)).IsAllowed);
        AssertRefused(Check(CaseDeadline.Reply, new DateOnly(2026, 12, 13)), "extendedTo", "Extensions.NotLater");
    }

    // An overdue deadline may still be extended, but not to a day already gone.
    [Fact]
    public void Check_ADateBeforeToday_IsRefused()
    {
        AssertRefused(Check(to: new DateOnly(2026, 12, 9), today: new DateOnly(2026, 12, 10)), "extendedTo", "Extensions.InThePast");
        Assert.True(Check(to: new DateOnly(2026, 12, 10), today: new DateOnly(2026, 12, 10)).IsAllowed);
    }

    [Fact]
    public void Check_MoreThanTheMaximumBeyondTheDueDate_IsRefused()
    {
        Assert.True(Check(to: new DateOnly(2026, 12, 31)).IsAllowed); // 2026-12-01 + 30 days
        var tooFar = Check(to: new DateOnly(2027, 1, 1));
        AssertRefused(tooFar, "extendedTo", "Extensions.TooFarCalendarDays");
        Assert.Equal([30, "2026-12-31"], tooFar.Args);
    }

    // In working days (the default), the 30th working day after the due date counted by the calendar: the reply due
    // on Friday 2026-09-25 (received 2026-09-10) reaches over the National Day week, with Saturday 10-10 worked (调休),
    // to 2026-11-12.
    [Fact]
    public void Check_WorkingDays_CountTheCalendar()
    {
        var september = Case() with { ReceivedUtc = new DateTime(2026, 9, 10, 2, 0, 0, DateTimeKind.Utc) };
        Assert.Equal(new DateOnly(2026, 9, 25), WorkingDayRules.DueDay(Calendar2026, september, CaseDeadline.Reply));
        Assert.Equal(new DateOnly(2026, 11, 12), WorkingDayRules.Latest(Calendar2026, new DateOnly(2026, 9, 25)));
        var today = new DateOnly(2026, 9, 20);
        Assert.True(Check(CaseDeadline.Reply, new DateOnly(2026, 11, 12), c: september, rules: WorkingDayRules, today: today).IsAllowed);
        var tooFar = Check(CaseDeadline.Reply, new DateOnly(2026, 11, 13), c: september, rules: WorkingDayRules, today: today);
        AssertRefused(tooFar, "extendedTo", "Extensions.TooFarWorkingDays");
    }

    [Fact]
    public void Effective_TheExtendedDateEndsAt24hShanghai_AndMovesOverdue()
    {
        var c = Case();
        var extensions = new CaseExtensions([new DeadlineExtension { ObjectionId = 1, Deadline = CaseDeadline.Reply, ExtendedTo = new(2026, 12, 20), Reason = "r" }]);
        var computed = Workflow.Deadlines(Calendar2026, c);
        var extended = Workflow.Deadlines(Calendar2026, c, extensions);
        Assert.Equal(new DateOnly(2026, 12, 13), computed.Reply);
        Assert.Equal(new DateOnly(2026, 12, 20), extended.Reply);
        Assert.Equal(DateTimeOffset.Parse("2026-12-20T16:00:00Z"), CaseDeadlines.EndOf(extended.Reply!.Value));
        Assert.Equal(computed.Acceptance, extended.Acceptance);
        var afterTheReplyDue = DateTimeOffset.Parse("2026-12-15T00:00:00Z");
        var investigated = c with { State = ObjectionState.UnderInvestigation };
        Assert.True(Workflow.IsOverdue(Calendar2026, investigated, afterTheReplyDue));
        Assert.False(Workflow.IsOverdue(Calendar2026, investigated, afterTheReplyDue, extensions));
        Assert.True(Workflow.IsOverdue(Calendar2026, investigated, DateTimeOffset.Parse("2026-12-20T16:00:00Z"), extensions));
        // Still Received after its acceptance date: the acceptance deadline is not moved by the reply's extension.
        Assert.True(Workflow.IsOverdue(Calendar2026, c, afterTheReplyDue, extensions));
    }
}
