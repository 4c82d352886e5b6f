using Portal.Features.Accounts;
using Portal.Features.Calendar;
using Portal.Infrastructure;

namespace Portal.Features.Households;

// The rules of monitoring households (PRACTICE.md): who may record a clue, which statuses follow which, the 15-day clock
// from the first clue to the county decision, and the follow-up visit six months after elimination. Pure.
public static class MonitoringRules
{
    // From the first risk clue to the county decision: no more than 15 calendar days (the clue's day not counted).
    public const int DecisionPeriod = 15;
    public const PeriodUnit DecisionUnit = PeriodUnit.CalendarDays;

    // The follow-up visit (回头看) after elimination.
    public const int FollowUpMonths = 6;

    public const int MaximumRisk = 400;

    public static readonly IReadOnlyList<MonitoringStatus> Open = [MonitoringStatus.Proposed, MonitoringStatus.Monitored];

    // Village clerks and township and district reviewers of the household's region.
    public static bool MayRecord(StaffActor actor, string villageCode) =>
        actor.Role is StaffRole.VillageClerk or StaffRole.TownshipReviewer or StaffRole.DistrictReviewer && actor.Scope.Contains(villageCode);

    // The risk may be about health (PIPL §28): only those who run the procedure in the region read it, and an inspector
    // checking their work; administrators and everyone outside the region do not.
    public static bool MayReadRisk(StaffActor actor, string villageCode) =>
        MayRecord(actor, villageCode) || actor.Role == StaffRole.DisciplineInspector && actor.Scope.Contains(villageCode);

    // The household's village is read by the store; hasOpenCase says whether it already has a Proposed or Monitored case.
    public static RuleResult CanOpen(NewMonitoringCase c, StaffActor actor, string? villageCode, bool hasOpenCase, DateOnly today)
    {
        if (villageCode is null || !MayRecord(actor, villageCode)) return RuleResult.Refuse("Monitoring.OutsideRegion");
        if (!Enum.IsDefined(c.Type)) return RuleResult.RefuseField("type", "Monitoring.BadType");
        if (string.IsNullOrWhiteSpace(c.Risk)) return RuleResult.RefuseField("risk", "Monitoring.RiskRequired");
        if (c.Risk.Trim().Length > MaximumRisk) return RuleResult.RefuseField("risk", "Monitoring.RiskTooLong", MaximumRisk);
        if (c.FirstClueDate is not { } clue) return RuleResult.RefuseField("firstClueDate", "Monitoring.ClueDateRequired");
        if (clue > today) return RuleResult.RefuseField("firstClueDate", "Monitoring.ClueDateInFuture");
        if (hasOpenCase) return RuleResult.Refuse("Monitoring.AlreadyOpen");
        return RuleResult.Allowed;
    }

    public static RuleResult CanRecordFollowUp(MonitoringCase c, StaffActor actor, DateOnly? done, DateOnly today)
    {
        if (!MayRecord(actor, c.VillageCode)) return RuleResult.Refuse("Monitoring.OutsideRegion");
        if (c.Status != MonitoringStatus.RiskEliminated || c.FollowUpDoneDate is not null) return RuleResult.Refuse("Monitoring.NoFollowUpOpen");
        if (done is not { } d) return RuleResult.RefuseField("followUpDate", "Monitoring.FollowUpDateRequired");
        if (d > today) return RuleResult.RefuseField("followUpDate", "Monitoring.FollowUpInFuture");
        if (c.EliminatedDate is { } eliminated && d < eliminated) return RuleResult.RefuseField("followUpDate", "Monitoring.FollowUpBeforeElimination");
        return RuleResult.Allowed;
    }

    // A case moves forward only: Proposed → Monitored (inclusion), Monitored → RiskEliminated (elimination).
    public static bool IsAllowed(MonitoringStatus from, MonitoringStatus to) => (from, to) is
        (MonitoringStatus.Proposed, MonitoringStatus.Monitored) or (MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated);

    public static DecisionClock Clock(DateOnly firstClue, DateOnly today, WorkingDays calendar)
    {
        var due = calendar.Due(firstClue, DecisionPeriod, DecisionUnit);
        return new DecisionClock(due, due.DayNumber - today.DayNumber);
    }

    public static DateOnly FollowUpDue(DateOnly eliminated) => eliminated.AddMonths(FollowUpMonths);

    public static bool IsFollowUpDue(MonitoringCase c, DateOnly today) =>
        c.Status == MonitoringStatus.RiskEliminated && c.FollowUpDoneDate is null && c.FollowUpDue is { } due && today >= due;
}
