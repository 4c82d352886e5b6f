using Portal.Features.Households;

namespace Portal.Features.Reports;

// 反映 / 申报: a household at risk of falling (back) into poverty, one wrongly left out (漏评), or a household reporting
// itself (一码申报, 一键报贫).
public enum ReportKind
{
    AtRisk,
    LeftOut,
    SelfReport,
}

public enum ReportState
{
    Received,
    Visited,
    Included,
    Refused,
}

// A line of a report's timeline: each is also the state the report entered.
public enum ReportEventKind
{
    Received,
    Visited,
    Included,
    Refused,
}

public enum ReportAction
{
    Visit,
    Include,
    Refuse,
}

public sealed record ReporterIdentity(string Name, string Phone);

// What a person submits; nothing trusted.
public sealed record ReportSubmission(string? Village, ReportKind? Kind, string? Subject, string? Text, bool Anonymous, string? Name, string? Phone,
    bool Consent, string? Honeypot = null);

// What the reporter is told, once: the case number and the receipt.
public sealed record SubmittedReport(long Id, string CaseNumber, string Receipt, bool Anonymous);

public sealed record NewReport(string VillageCode, ReportKind Kind, string Subject, string Text, bool Anonymous, string? IdentityCipher,
    string ReceiptHash, string QueueRegionCode, DateTime ReceivedUtc);

// What the reviewer chooses when a report is included: the household (of the report's village), the monitoring type and
// the risk. The first clue is the day the report arrived.
public sealed record ReportInclusion(long? HouseholdId, MonitoringType? Type, string? Risk);

public sealed record ReportRow
{
    public long Id { get; init; }
    public string CaseNumber { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public ReportKind Kind { get; init; }
    public string Subject { get; init; } = "";
    public string Text { get; init; } = "";
    public bool Anonymous { get; init; }
    public ReportState State { get; init; }
    public string QueueRegionCode { get; init; } = "";
    public string? AssignedTo { get; init; }
    public DateTime? VisitedUtc { get; init; }
    public DateTime? DecidedUtc { get; init; }
    public string? RefusalReason { get; init; }
    public DateTime ReceivedUtc { get; init; }
    public long Concurrency { get; init; }
    public long? MonitoringCaseId { get; init; }

    // When the reporter's name and phone were deleted, Retention:CaseYears after the decision.
    public DateTime? IdentityPurgedUtc { get; init; }
}

public sealed record ReportEvent
{
    public long Id { get; init; }
    public ReportEventKind Kind { get; init; }
    public string? Text { get; init; }
    public string? Actor { get; init; }
    public DateTime CreatedUtc { get; init; }
}

// A report as staff read it: never who sent it.
public sealed record ReportView(ReportRow Report, IReadOnlyList<ReportEvent> Timeline, bool MayAct);

// What the reporter reads with their receipt: the state, the refusal's reason, the timeline without staff notes or names.
public sealed record TrackedReport(ReportRow Report, IReadOnlyList<ReportEvent> Timeline);
