using System.ComponentModel.DataAnnotations;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Reports;

public sealed class ReportOptions
{
    public const string Section = "Reports";

    // The home visit, counted in working days after the day the report arrived (一码申报: 2 working days).
    [Range(1, 60)]
    public int VisitWorkingDays { get; set; } = 2;

    // The decision, counted in DecisionUnit after the day the report arrived (the 15 days from a first risk clue).
    [Range(1, 365)]
    public int DecisionDays { get; set; } = 15;

    [EnumDataType(typeof(PeriodUnit))]
    public PeriodUnit DecisionUnit { get; set; } = PeriodUnit.CalendarDays;
}

// What a report must be, who may move it, how (the state machine) and by when (the two clocks). Pure. The text, name
// and phone are checked by the objection rules: a villager meets the same limits wherever they write.
public sealed class ReportRules(ReportOptions options)
{
    public ReportRules(Microsoft.Extensions.Options.IOptions<ReportOptions> options) : this(options.Value) { }

    public const int MaximumSubject = ObjectionRules.MaximumName;

    public ReportOptions Options => options;

    private static readonly Dictionary<(ReportState, ReportAction), ReportState> Transitions = new()
    {
        [(ReportState.Received, ReportAction.Visit)] = ReportState.Visited,
        [(ReportState.Visited, ReportAction.Include)] = ReportState.Included,
        [(ReportState.Visited, ReportAction.Refuse)] = ReportState.Refused,
    };

    public static ReportState? Next(ReportState state, ReportAction action) => Transitions.TryGetValue((state, action), out var next) ? next : null;

    public static bool IsOpen(ReportState state) => state is ReportState.Received or ReportState.Visited;

    // Every problem with a submission, each naming its field; villageKnown: the code is one of the district's villages.
    public static IReadOnlyList<RuleResult> Validate(ReportSubmission s, bool villageKnown)
    {
        var errors = new List<RuleResult>();
        if (!string.IsNullOrEmpty(s.Honeypot)) errors.Add(RuleResult.RefuseField("form", "Objection.Rejected"));
        if (!villageKnown) errors.Add(RuleResult.RefuseField("village", "Report.VillageRequired"));
        if (s.Kind is null || !Enum.IsDefined(s.Kind.Value)) errors.Add(RuleResult.RefuseField("kind", "Report.KindRequired"));
        if (ObjectionRules.IsBlank(s.Subject)) errors.Add(RuleResult.RefuseField("subject", "Report.SubjectRequired"));
        else if (!ObjectionRules.IsLine(s.Subject, MaximumSubject)) errors.Add(RuleResult.RefuseField("subject", "Report.SubjectInvalid", MaximumSubject));
        errors.AddRange(ObjectionRules.TextProblems(s.Text));
        // A household reporting itself must be reachable for the home visit.
        if (s.Kind == ReportKind.SelfReport && s.Anonymous) errors.Add(RuleResult.RefuseField("anonymous", "Report.SelfReportNamed"));
        else if (s.Anonymous && !(ObjectionRules.IsBlank(s.Name) && ObjectionRules.IsBlank(s.Phone)))
        {
            errors.Add(RuleResult.RefuseField(!ObjectionRules.IsBlank(s.Name) ? "name" : "phone", "Report.IdentityWhileAnonymous"));
        }
        if (!s.Anonymous)
        {
            if (ObjectionRules.IsBlank(s.Name)) errors.Add(RuleResult.RefuseField("name", "Objection.NameRequired"));
            else if (!ObjectionRules.IsLine(s.Name, ObjectionRules.MaximumName)) errors.Add(RuleResult.RefuseField("name", "Objection.NameInvalid", ObjectionRules.MaximumName));
            if (!ObjectionRules.IsPhone(s.Phone)) errors.Add(RuleResult.RefuseField("phone", "Objection.PhoneInvalid"));
        }
        if (!s.Consent) errors.Add(RuleResult.RefuseField("consent", "Objection.ConsentRequired"));
        return errors;
    }

    // A kind by its name, in any case; a number is not a name.
    public static ReportKind? ReadKind(string? value) =>
        Enum.TryParse<ReportKind>(value, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(value, out _) ? k : null;

    // The township's reviewers work its reports; the district's reviewers and inspectors of the scope may read them.
    public static bool MayWork(StaffActor actor, ReportRow r) =>
        actor.Role == StaffRole.TownshipReviewer && actor.Scope.Contains(r.QueueRegionCode);

    public static bool MayRead(StaffActor actor, ReportRow r) =>
        MayWork(actor, r) || (actor.Role is (StaffRole.DistrictReviewer or StaffRole.DisciplineInspector) && actor.Scope.Contains(r.VillageCode));

    // Who may make the move, then what the state allows and what it must carry: a refusal its reason (the reporter reads it).
    public static RuleResult CanAct(ReportRow r, ReportAction action, StaffActor actor, string? text)
    {
        if (!MayWork(actor, r)) return RuleResult.Refuse("Report.NotYourQueue");
        if (r.AssignedTo is { } assigned && assigned != actor.UserName) return RuleResult.Refuse("Review.AssignedToOther", assigned);
        if (Next(r.State, action) is null) return RuleResult.Refuse("Report.NotAllowedInState", r.State.ToString(), action.ToString());
        if (action == ReportAction.Refuse && ObjectionRules.IsBlank(text)) return RuleResult.RefuseField("reason", "Report.ReasonRequired");
        if (text is not null && ObjectionRules.TextProblems(text).FirstOrDefault(e => e.Rule != "Objection.TextTooShort") is { } bad)
        {
            return bad with { Field = "reason" };
        }
        return RuleResult.Allowed;
    }

    // An inclusion names a household of the report's own village (householdVillage: read by the store, null when there is
    // no such household); the monitoring rules then check the rest (region, type, risk, an open case).
    public static RuleResult CanInclude(ReportRow r, ReportInclusion? inclusion, string? householdVillage)
    {
        if (inclusion?.HouseholdId is null) return RuleResult.RefuseField("household", "Reports.HouseholdRequired");
        if (householdVillage != r.VillageCode) return RuleResult.RefuseField("household", "Reports.HouseholdNotInVillage");
        if (inclusion.Type is null) return RuleResult.RefuseField("type", "Monitoring.BadType");
        return RuleResult.Allowed;
    }

    // The first risk clue of an included report: the day it arrived, in Asia/Shanghai.
    public static DateOnly FirstClue(ReportRow r) => ShanghaiTime.DateOf(r.ReceivedUtc);

    // The home visit is due at 24:00 of the VisitWorkingDays-th working day after the day of receipt.
    public DateTimeOffset VisitDue(DateTime receivedUtc, WorkingDays days) =>
        EndOf(days.Due(ShanghaiTime.DateOf(receivedUtc), options.VisitWorkingDays, PeriodUnit.WorkingDays));

    public DateTimeOffset DecisionDue(DateTime receivedUtc, WorkingDays days) =>
        EndOf(days.Due(ShanghaiTime.DateOf(receivedUtc), options.DecisionDays, options.DecisionUnit));

    public bool IsVisitOverdue(ReportState state, DateTime receivedUtc, DateTimeOffset now, WorkingDays days) =>
        state == ReportState.Received && now >= VisitDue(receivedUtc, days);

    public bool IsDecisionOverdue(ReportState state, DateTime receivedUtc, DateTimeOffset now, WorkingDays days) =>
        IsOpen(state) && now >= DecisionDue(receivedUtc, days);

    public static string CaseNumber(int year, long id) => $"恩阳-反映-{year}-{id:000000}";

    private static DateTimeOffset EndOf(DateOnly day) => new Period(day, day).EndsAt;
}
