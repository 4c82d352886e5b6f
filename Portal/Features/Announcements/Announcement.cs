using Portal.Infrastructure;

namespace Portal.Features.Announcements;

public enum AnnouncementKind
{
    Identification,
    Exit,
    AssistancePlan,
    FundsAndProjects,
    MonitoringInclusion, // 纳入防止返贫致贫对象
    RiskElimination, // 风险消除
}

public enum AnnouncementStage
{
    VillagePublicity,
    TownshipPublicity,
    DistrictNotice,
}

public enum AnnouncementStatus
{
    Draft,
    Published,
    Closed,
    Finalized,
    Withdrawn,
    Superseded,
}

public sealed record Announcement
{
    public long Id { get; init; }
    public AnnouncementKind Kind { get; init; }
    public AnnouncementStage Stage { get; init; }
    public AnnouncementStatus Status { get; init; }
    public required string RegionCode { get; init; }
    public string RegionName { get; init; } = "";
    public string RegionNameEn { get; init; } = "";
    public string ParentName { get; init; } = "";
    public string ParentNameEn { get; init; } = "";
    public required string Title { get; init; }
    public int Year { get; init; }
    public int Version { get; init; } = 1;
    public long? PreviousVersionId { get; init; }
    public long? PreviousStageId { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public string? ContentHash { get; init; }
    public int EntryCount { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedUtc { get; init; }
    public DateTime? PublishedUtc { get; init; }
    public DateTime? FinalizedUtc { get; init; }
    public string? StatusReason { get; init; }

    // Why this version corrects the one before it (null for a first version).
    public string? RevisionReason { get; init; }
    public long Concurrency { get; init; }

    // "玉溪镇桂花村" / "Guihua Village, Yuxi Town"
    public string ScopeName(bool english) => english ? $"{RegionNameEn}, {ParentNameEn}" : ParentName + RegionName;

    public Period? Period => PeriodStart is { } start && PeriodEnd is { } end ? new Period(start, end) : null;
}

// A published line of an announcement: a snapshot of the kind's whitelisted fields, never an ID or phone number.
public sealed record AnnouncementEntry
{
    public long Id { get; init; }
    public long AnnouncementId { get; init; }
    public int Position { get; init; }
    public long? HouseholdId { get; init; }
    public long? ProjectId { get; init; }
    public string? GroupName { get; init; }
    public required string Subject { get; init; }
    public int? Size { get; init; }
    public string? Attribute { get; init; }
    public string? Cause { get; init; }
    public decimal? IncomePerCapita { get; init; }
    public bool? AssurancesMet { get; init; }
    public string? Measures { get; init; }
    public string? Cadre { get; init; }
    public decimal? Amount { get; init; }
    public string? Implementer { get; init; }
    public int? Beneficiaries { get; init; }
    public string? Place { get; init; }
    public string? Task { get; init; }
    public string? SubsidyStandard { get; init; }
    public string? FundSource { get; init; }
    public string? Schedule { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? PerformanceTargets { get; init; }
    public string? BenefitMechanism { get; init; }
    public string? MonitoringType { get; init; }
    public bool Withdrawn { get; init; }
    public string? WithdrawnReason { get; init; }
    public bool NeedsCorrection { get; init; }

    // Identifies the same household or project across versions and stages.
    public string Key => HouseholdId is { } h ? $"h{h}" : $"p{ProjectId}";

    // The household's id, or for FundsAndProjects the project's: one kind never mixes the two.
    public long SubjectId => HouseholdId ?? ProjectId ?? 0;
}

// Why a later stage does not list one of its previous stage's entries: the reason staff gave, or the case number of the
// upheld objection that withdrew it from an earlier version of this stage.
public sealed record StageDrop(long SubjectId, string? Reason, string? CaseNumber);

// An entry of the previous stage that a later stage no longer lists, and why: withdrawn after an upheld objection
// (CaseNumber), or dropped by staff (Reason). Entry is the previous stage's published line, nothing more.
public sealed record DroppedEntry(AnnouncementEntry Entry, string? CaseNumber, string? Reason);

// Start and end dates in Asia/Shanghai; the period ends at 24:00 local time of the end date.
public sealed record Period(DateOnly Start, DateOnly End)
{
    public int CalendarDays => End.DayNumber - Start.DayNumber + 1;

    public DateTimeOffset StartsAt => ShanghaiTime.StartOf(Start);

    public DateTimeOffset EndsAt => ShanghaiTime.StartOf(End.AddDays(1));

    public bool Contains(DateTimeOffset now) => now >= StartsAt && now < EndsAt;
}
