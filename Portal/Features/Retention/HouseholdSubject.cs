using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Reports;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Retention;

// Everything the portal holds about one household and everywhere it was published (PIPL §45): what a household that
// asks is shown and given a copy of. The ID and phone numbers only masked; the cases about it only by number, never
// who brought them.
public sealed record HouseholdSubject
{
    public required SubjectRecord Household { get; init; }
    public IReadOnlyList<StatusChange> StatusChanges { get; init; } = [];
    public IReadOnlyList<MeasureRow> Measures { get; init; } = [];
    public IReadOnlyList<SubjectMonitoring> Monitoring { get; init; } = [];
    public IReadOnlyList<SubjectAppearance> Appearances { get; init; } = [];
    public IReadOnlyList<SubjectCase> Objections { get; init; } = [];
    public IReadOnlyList<SubjectCase> Reports { get; init; } = [];

    public bool UnderMonitoring => Monitoring.Any(m => m.Status is MonitoringStatus.Proposed or MonitoringStatus.Monitored);

    // When the encrypted ID and phone numbers go (RetentionPurge): purged already, due on a date, held while the household
    // is under monitoring, or kept while it is in the programme.
    public SubjectRetention IdNumberRetention(RetentionOptions options) => Household switch
    {
        { IdNumberPurgedUtc: { } purged } => new(RetentionState.Purged, purged),
        { LeftProgrammeUtc: { } left } when UnderMonitoring => new(RetentionState.HeldForMonitoring, left.AddYears(options.HouseholdYears)),
        { LeftProgrammeUtc: { } left } => new(RetentionState.Due, left.AddYears(options.HouseholdYears)),
        _ => new(RetentionState.InProgramme, null),
    };
}

public enum RetentionState
{
    InProgramme,
    Due,
    HeldForMonitoring,
    Purged,
}

public sealed record SubjectRetention(RetentionState State, DateTime? DateUtc);

public sealed record SubjectRecord
{
    public long Id { get; init; }
    public string HeadName { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public string GroupName { get; init; } = "";
    public string VillageName { get; init; } = "";
    public string TownshipName { get; init; } = "";
    public int Size { get; init; }
    public HouseholdAttribute Attribute { get; init; }
    public PovertyCause Cause { get; init; }
    public HouseholdStatus Status { get; init; }
    public int? IdentifiedYear { get; init; }
    public int? ExitYear { get; init; }
    public decimal IncomePerCapita { get; init; }
    public bool? AssurancesMet { get; init; }
    public bool FlaggedForNextRound { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime? LeftProgrammeUtc { get; init; }
    public DateTime? IdNumberPurgedUtc { get; init; }

    // Null once purged (or never recorded).
    public string? MaskedIdNumber { get; init; }
    public string? MaskedPhone { get; init; }
}

public sealed record SubjectMonitoring
{
    public MonitoringType Type { get; init; }
    public MonitoringStatus Status { get; init; }
    // Empty for a reader MonitoringRules.MayReadRisk does not let see it.
    public string Risk { get; init; } = "";
    public DateOnly FirstClueDate { get; init; }
    public DateOnly? IncludedDate { get; init; }
    public DateOnly? EliminatedDate { get; init; }
}

// One published announcement (a version of one stage) that listed the household, with its line as published.
// Whether the public reads its name masked now is OnlinePrivacy's rule.
public sealed record SubjectAppearance(Announcement Announcement, AnnouncementEntry Entry);

// An objection or a report about the household: its number and where it stands, never who brought it.
public sealed record SubjectCase
{
    public string? CaseNumber { get; init; }
    public string Kind { get; init; } = "";
    public string State { get; init; } = "";
    public DateTime ReceivedUtc { get; init; }
}

// Reads a household's subject view for staff whose region covers it, and writes who read it (or exported it) to the
// audit chain in the same transaction: the view gathers a household's personal data in one place.
public sealed class HouseholdSubjects(DbConnectionFactory db, PersonalDataProtector protector, AuditLog audit)
{
    public const string Viewed = "HouseholdSubjectViewed";
    public const string Exported = "HouseholdSubjectExported";

    private sealed record HouseholdRow
    {
        public long Id { get; init; }
        public string HeadName { get; init; } = "";
        public string VillageCode { get; init; } = "";
        public string GroupName { get; init; } = "";
        public string VillageName { get; init; } = "";
        public string TownshipName { get; init; } = "";
        public int Size { get; init; }
        public HouseholdAttribute Attribute { get; init; }
        public PovertyCause Cause { get; init; }
        public HouseholdStatus Status { get; init; }
        public int? IdentifiedYear { get; init; }
        public int? ExitYear { get; init; }
        public decimal IncomePerCapita { get; init; }
        public bool? AssurancesMet { get; init; }
        public bool FlaggedForNextRound { get; init; }
        public DateTime CreatedUtc { get; init; }
        public DateTime? LeftProgrammeUtc { get; init; }
        public DateTime? IdNumberPurgedUtc { get; init; }
        public string? IdNumberCipher { get; init; }
        public string? PhoneCipher { get; init; }
    }

    private const string SelectHousehold = """
        SELECT h.Id, h.HeadName, h.VillageCode, g.Name AS GroupName, v.Name AS VillageName, t.Name AS TownshipName, h.Size,
               h.Attribute, h.Cause, h.Status, h.IdentifiedYear, h.ExitYear, h.IncomePerCapita, h.AssurancesMet, h.FlaggedForNextRound,
               h.CreatedUtc, h.LeftProgrammeUtc, h.IdNumberPurgedUtc, h.IdNumberCipher, h.PhoneCipher
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
          JOIN Region v ON v.Code = h.VillageCode
          JOIN Region t ON t.Code = h.TownshipCode
         WHERE h.Id = @id
        """;

    private const string SelectMonitoring = """
        SELECT Type, Status, Risk, FirstClueDate, IncludedDate, EliminatedDate
          FROM MonitoringCase
         WHERE HouseholdId = @id
         ORDER BY Id
        """;

    // Only what was posted: a draft, or a check finalized from its draft without publicity, was never public.
    private const string SelectAppearances = """
        SELECT a.Id, a.Kind, a.Stage, a.Status, a.RegionCode, r.Name AS RegionName, r.NameEn AS RegionNameEn,
               p.Name AS ParentName, p.NameEn AS ParentNameEn, a.Title, a.Year, a.Version, a.PreviousVersionId,
               a.PreviousStageId, a.PeriodStart, a.PeriodEnd, a.ContentHash, a.EntryCount, a.CreatedBy, a.CreatedUtc,
               a.PublishedUtc, a.FinalizedUtc, a.StatusReason, a.RevisionReason, a.Concurrency,
               e.Id, e.AnnouncementId, e.Position, e.HouseholdId, e.ProjectId, e.GroupName, e.Subject, e.Size, e.Attribute, e.Cause,
               e.IncomePerCapita, e.AssurancesMet, e.Measures, e.Cadre, e.Amount, e.Implementer, e.Beneficiaries, e.MonitoringType,
               e.Withdrawn, e.WithdrawnReason, e.NeedsCorrection
          FROM AnnouncementEntry e
          JOIN Announcement a ON a.Id = e.AnnouncementId
          JOIN Region r ON r.Code = a.RegionCode
          LEFT JOIN Region p ON p.Code = r.ParentCode
         WHERE e.HouseholdId = @id
           AND a.PublishedUtc IS NOT NULL
         ORDER BY a.PublishedUtc, a.Id
        """;

    private const string SelectObjections = """
        SELECT o.CaseNumber, o.Category AS Kind, o.State, o.ReceivedUtc
          FROM Objection o
          JOIN AnnouncementEntry e ON e.Id = o.EntryId
         WHERE e.HouseholdId = @id
         ORDER BY o.ReceivedUtc, o.Id
        """;

    private const string SelectReports = """
        SELECT r.CaseNumber, r.Kind, r.State, r.ReceivedUtc
          FROM Report r
          JOIN MonitoringCase m ON m.Id = r.MonitoringCaseId
         WHERE m.HouseholdId = @id
         ORDER BY r.ReceivedUtc, r.Id
        """;

    // Null when there is no such household or it lies outside the actor's region; nothing is audited then.
    public async Task<HouseholdSubject?> ReadAsync(long id, StaffActor actor, bool export, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        CommandDefinition Command(string sql) => new(sql, new { id, householdId = id }, tx, cancellationToken: ct);
        var row = await c.QuerySingleOrDefaultAsync<HouseholdRow>(Command(SelectHousehold));
        if (row is null || !actor.Scope.Contains(row.VillageCode)) return null;
        var subject = new HouseholdSubject
        {
            Household = Record(row),
            StatusChanges = (await c.QueryAsync<StatusChange>(Command(HouseholdStore.SelectHistory))).AsList(),
            Measures = (await c.QueryAsync<MeasureRow>(Command(AssistanceEditing.SelectMeasures))).AsList(),
            // The risk may be about health: only for those MonitoringStore shows it to.
            Monitoring = (await c.QueryAsync<SubjectMonitoring>(Command(SelectMonitoring)))
                .Select(m => MonitoringRules.MayReadRisk(actor, row.VillageCode) ? m : m with { Risk = "" }).ToList(),
            Appearances = (await c.QueryAsync<Announcement, AnnouncementEntry, SubjectAppearance>(Command(SelectAppearances),
                (a, e) => new SubjectAppearance(a, e), splitOn: "Id")).AsList(),
            Objections = (await c.QueryAsync<SubjectCase>(Command(SelectObjections))).AsList(),
            Reports = (await c.QueryAsync<SubjectCase>(Command(SelectReports))).AsList(),
        };
        await audit.AppendAsync(c, tx, export ? Exported : Viewed, actor.UserName, $"household:{id}", new
        {
            publications = subject.Appearances.Count, objectionCount = subject.Objections.Count, reportCount = subject.Reports.Count,
        }, ct);
        await tx.CommitAsync(ct);
        return subject;
    }

    // The ID and phone numbers are decrypted only to be masked here; neither is logged or kept in full.
    private SubjectRecord Record(HouseholdRow h) => new()
    {
        Id = h.Id, HeadName = h.HeadName, VillageCode = h.VillageCode, GroupName = h.GroupName, VillageName = h.VillageName,
        TownshipName = h.TownshipName, Size = h.Size, Attribute = h.Attribute, Cause = h.Cause, Status = h.Status,
        IdentifiedYear = h.IdentifiedYear, ExitYear = h.ExitYear, IncomePerCapita = h.IncomePerCapita, AssurancesMet = h.AssurancesMet,
        FlaggedForNextRound = h.FlaggedForNextRound, CreatedUtc = h.CreatedUtc, LeftProgrammeUtc = h.LeftProgrammeUtc,
        IdNumberPurgedUtc = h.IdNumberPurgedUtc,
        MaskedIdNumber = h.IdNumberCipher is { } id ? ResidentIdNumber.Masked(protector.Unprotect(id)) : null,
        MaskedPhone = h.PhoneCipher is { } phone ? MaskedPhone(protector.Unprotect(phone)) : null,
    };

    private static string MaskedPhone(string phone) =>
        phone.Length <= 4 ? new string('*', phone.Length) : phone.Length >= 11 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : new string('*', phone.Length - 4) + phone[^4..];
}
