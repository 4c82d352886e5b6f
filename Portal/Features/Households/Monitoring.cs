namespace Portal.Features.Households;

// The three kinds of monitoring household (防止返贫致贫对象).
public enum MonitoringType
{
    // 脱贫不稳定户: exited, but the exit is not stable.
    UnstableExited,

    // 边缘易致贫户: never identified, at risk of falling into poverty.
    MarginalAtRisk,

    // 突发严重困难户: sudden severe hardship.
    SuddenHardship,
}

public enum MonitoringStatus
{
    // The first risk clue is recorded; the inclusion procedure runs.
    Proposed,

    // Included by the county decision of a MonitoringInclusion.
    Monitored,

    // Risk eliminated by a RiskElimination notice; the record stays, with its follow-up visit.
    RiskEliminated,
}

// What staff record when a risk clue is reported (the home visit's finding). Risk is staff-only text.
public sealed record NewMonitoringCase(long HouseholdId, MonitoringType Type, string? Risk, DateOnly? FirstClueDate);

// A case as staff read it, with its household's name and place; never the ID or phone number.
public sealed record MonitoringCase
{
    public long Id { get; init; }
    public long HouseholdId { get; init; }
    public string HeadName { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public string VillageName { get; init; } = "";
    public string GroupName { get; init; } = "";
    public MonitoringType Type { get; init; }
    public string Risk { get; init; } = "";
    public DateOnly FirstClueDate { get; init; }
    public MonitoringStatus Status { get; init; }
    public DateOnly? IncludedDate { get; init; }
    public DateOnly? EliminatedDate { get; init; }
    public DateOnly? FollowUpDue { get; init; }
    public DateOnly? FollowUpDoneDate { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedUtc { get; init; }
    public long Concurrency { get; init; }

    // The year-round report (反映) whose inclusion opened the case, when one did: its case number only.
    public string? ReportCaseNumber { get; init; }
}

public sealed record MonitoringStatusChange
{
    public MonitoringStatus FromStatus { get; init; }
    public MonitoringStatus ToStatus { get; init; }
    public long AnnouncementId { get; init; }
    public string AnnouncementTitle { get; init; } = "";
    public DateTime ChangedUtc { get; init; }
}

// The 15-day clock of a proposed case: the last day the county decision may fall on, and how far today is from it.
public sealed record DecisionClock(DateOnly Due, int DaysLeft)
{
    public bool Overdue => DaysLeft < 0;
}

public sealed record MonitoringOpened(long? Id, Portal.Infrastructure.RuleResult Result);
