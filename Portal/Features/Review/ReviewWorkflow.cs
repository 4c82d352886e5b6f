using System.ComponentModel.DataAnnotations;
using Portal.Infrastructure;
using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Resources;
using Portal.Features.Regions;

namespace Portal.Features.Review;

public enum ReviewAction
{
    Accept,
    Reject,
    Investigate,
    Decide,
    Reply,
    Message,
    Note,
    Recuse,
}

public enum Outcome
{
    Upheld,
    PartiallyUpheld,
    NotUpheld,
}

// Each deadline of a case is a count and the unit it is stated in (CalendarDays or WorkingDays, counted by the
// working-day calendar). The defaults are today's: 3, 15 and 7 calendar days.
public sealed class ReviewOptions
{
    public const string Section = "Review";

    // The same line ValidatedOptions gives for a name that is no unit.
    private const string UnitRule = "{0} must be CalendarDays or WorkingDays";

    [Range(1, 365)]
    public int AdmissibilityDays { get; set; } = 3;
    [EnumDataType(typeof(PeriodUnit), ErrorMessage = UnitRule)]
    public PeriodUnit AdmissibilityUnit { get; set; } = PeriodUnit.CalendarDays;
    [Range(1, 365)]
    public int ReplyDays { get; set; } = 15;
    [EnumDataType(typeof(PeriodUnit), ErrorMessage = UnitRule)]
    public PeriodUnit ReplyUnit { get; set; } = PeriodUnit.CalendarDays;
    [Range(1, 365)]
    public int AppealDays { get; set; } = 7;
    [EnumDataType(typeof(PeriodUnit), ErrorMessage = UnitRule)]
    public PeriodUnit AppealUnit { get; set; } = PeriodUnit.CalendarDays;
}

// An upheld objection's effect beyond the case (SPEC §2).
public abstract record CaseEffect;

public sealed record WithdrawEntry(long EntryId, string Reason) : CaseEffect;

public sealed record MarkEntryForCorrection(long EntryId) : CaseEffect;

public sealed record FlagHouseholdForNextRound(long HouseholdId) : CaseEffect;

public sealed record CaseRecusal(string UserName, string Reason);

public sealed record CaseAudit(string Kind, string? Actor, object Data);

// One whole move of a case, decided by ReviewWorkflow and written by ReviewStore in one transaction: the row's new
// state, the timeline events in order, the effects on entries and households, the recusal, and the audit event.
public sealed record CaseMove(ObjectionChange Change, IReadOnlyList<NewObjectionEvent> Events, CaseAudit Audit, DateTime At)
{
    public IReadOnlyList<CaseEffect> Effects { get; init; } = [];

    // Who stepped back from the case and why, kept in Recusal.
    public CaseRecusal? Recusal { get; init; }

    // After a recusal the township may have nobody left to decide the case.
    public bool ThenRouteIfStranded { get; init; }

    // A decision changes what the public pages count.
    public bool ChangesPublicPages { get; init; }
}

// The objection state machine of SPEC §2, and every move as a value (CaseMove) the store writes. Who may move a case
// is CaseAuthority's. Pure.
public sealed class ReviewWorkflow(ReviewOptions options)
{
    public ReviewWorkflow(Microsoft.Extensions.Options.IOptions<ReviewOptions> options) : this(options.Value) { }

    private static readonly Dictionary<(ObjectionState, ReviewAction), ObjectionState> StaffTransitions = new()
    {
        [(ObjectionState.Received, ReviewAction.Accept)] = ObjectionState.Admissible,
        [(ObjectionState.Received, ReviewAction.Reject)] = ObjectionState.Inadmissible,
        [(ObjectionState.Admissible, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Escalated, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.UnderInvestigation, ReviewAction.Decide)] = ObjectionState.Decided,
        [(ObjectionState.Decided, ReviewAction.Reply)] = ObjectionState.Replied,
    };

    public ReviewOptions Options => options;

    public static ObjectionState? Next(ObjectionState state, ReviewAction action) =>
        StaffTransitions.TryGetValue((state, action), out var next) ? next : null;

    public static bool IsReplied(ObjectionState state) => state is ObjectionState.Replied or ObjectionState.Inadmissible or ObjectionState.Closed;

    // Who may act (CaseAuthority), then what the state machine allows and what each action must carry.
    public RuleResult CanAct(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties, string? text = null, Outcome? outcome = null)
    {
        var authority = CaseAuthority.MayAct(c, action, actor, ties);
        if (!authority.IsAllowed) return authority;
        if (action is ReviewAction.Recuse or ReviewAction.Message or ReviewAction.Note)
        {
            if (c.State == ObjectionState.Closed) return RuleResult.Refuse("Review.Closed");
            if (!string.IsNullOrWhiteSpace(text)) return RuleResult.Allowed;
            return RuleResult.Refuse(action switch
            {
                ReviewAction.Recuse => "Review.ReasonRequired",
                ReviewAction.Note => "Review.NoteRequired",
                _ => "Review.MessageRequired",
            });
        }
        if (Next(c.State, action) is null) return RuleResult.Refuse("Review.NotAllowedInState", c.State.ToString(), action.ToString());
        if (action == ReviewAction.Reject && string.IsNullOrWhiteSpace(text)) return RuleResult.Refuse("Review.RejectReasonRequired");
        if (action == ReviewAction.Reply && string.IsNullOrWhiteSpace(text)) return RuleResult.Refuse("Review.ReplyRequired");
        if (action == ReviewAction.Decide && outcome is null) return RuleResult.Refuse("Review.OutcomeRequired");
        return RuleResult.Allowed;
    }

    // A staff action as one move: the next state, who holds the case (the first to act takes it; a recusing holder
    // lets go), when it was replied to, the outcome, the events, the upheld effects and the audit event.
    public (RuleResult Result, CaseMove? Move) Act(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties, string? text, Outcome? outcome, DateTime now)
    {
        var allowed = CanAct(c, action, actor, ties, text, outcome);
        if (!allowed.IsAllowed) return (allowed, null);
        var state = Next(c.State, action) ?? c.State;
        var assignedTo = action == ReviewAction.Recuse ? (c.AssignedTo == actor.UserName ? null : c.AssignedTo) : c.AssignedTo ?? actor.UserName;
        var repliedUtc = action is ReviewAction.Reply or ReviewAction.Reject ? now : c.RepliedUtc;
        var events = new List<NewObjectionEvent>();
        if (state != c.State) events.Add(new(ObjectionEventKind.StateChanged, state, action == ReviewAction.Decide ? outcome.ToString() : null, actor.UserName));
        // Every reason is kept: what goes to the complainant as a reply or message, the rest (why a case was accepted,
        // how it is investigated, why it was decided so, a note, a recusal) as an internal note /track never shows.
        var kind = action switch
        {
            ReviewAction.Reply or ReviewAction.Reject => ObjectionEventKind.Reply,
            ReviewAction.Message => ObjectionEventKind.MessageToComplainant,
            _ => ObjectionEventKind.InternalNote,
        };
        if (!string.IsNullOrWhiteSpace(text)) events.Add(new(kind, Text: text.Trim(), Actor: actor.UserName));
        var change = ObjectionChange.Of(c) with { State = state, AssignedTo = assignedTo, Outcome = outcome?.ToString() ?? c.Outcome, RepliedUtc = repliedUtc };
        var audit = new CaseAudit($"Objection{action}", actor.UserName, new { from = c.State.ToString(), to = state.ToString(), outcome = outcome?.ToString() });
        return (RuleResult.Allowed, new CaseMove(change, events, audit, now)
        {
            Effects = action == ReviewAction.Decide && outcome == Outcome.Upheld ? UpheldEffects(c) : [],
            Recusal = action == ReviewAction.Recuse ? new CaseRecusal(actor.UserName, text!.Trim()) : null,
            ThenRouteIfStranded = action == ReviewAction.Recuse,
            // The public counts: accepted (Accept, Reject), upheld (Decide), days to reply (Reply, Reject).
            ChangesPublicPages = action is ReviewAction.Accept or ReviewAction.Reject or ReviewAction.Decide or ReviewAction.Reply,
        });
    }

    // SPEC §2 effects: a wrongly included or falsely exited entry is withdrawn, inaccurate information is marked for
    // correction and republication, a wrongly excluded household is flagged for the next round.
    public static IReadOnlyList<CaseEffect> UpheldEffects(ObjectionRow c) => c.Category switch
    {
        ObjectionCategory.WronglyIncluded or ObjectionCategory.FalseExit when c.EntryId is { } entryId => [new WithdrawEntry(entryId, c.CaseNumber ?? "")],
        ObjectionCategory.InaccurateInformation when c.EntryId is { } entryId => [new MarkEntryForCorrection(entryId)],
        ObjectionCategory.WronglyExcluded when c.HouseholdId is { } householdId => [new FlagHouseholdForNextRound(householdId)],
        _ => [],
    };

    // The complainant's appeal: the case goes one level up, unassigned, with the appeal's reason on its timeline.
    public (RuleResult Result, CaseMove? Move) Appeal(WorkingDays calendar, ObjectionRow c, string? text, DateTimeOffset now)
    {
        if (AppealTextProblem(text) is { } problem) return (problem, null);
        if (!CanAppeal(calendar, c.State, c.RepliedUtc, now)) return (RuleResult.Refuse(AppealWindowRule, options.AppealDays), null);
        var (queue, region) = EscalatedQueue(c.Queue, c.QueueRegionCode);
        var change = ObjectionChange.Of(c) with { State = ObjectionState.Escalated, AssignedTo = null, Queue = queue, QueueRegionCode = region };
        NewObjectionEvent[] events =
        [
            new(ObjectionEventKind.StateChanged, ObjectionState.Appealed),
            new(ObjectionEventKind.MessageFromComplainant, Text: text),
            new(ObjectionEventKind.StateChanged, ObjectionState.Escalated, queue.ToString()),
        ];
        var audit = new CaseAudit("ObjectionAppealed", null, new { from = c.Queue.ToString(), to = queue.ToString() });
        return (RuleResult.Allowed, new CaseMove(change, events, audit, now.UtcDateTime));
    }

    // A case whose appeal window has passed closes on its own; null while it may still be appealed.
    public CaseMove? Close(WorkingDays calendar, ObjectionRow c, DateTimeOffset now) =>
        ShouldClose(calendar, c.State, c.RepliedUtc, now)
            ? new CaseMove(ObjectionChange.Of(c) with { State = ObjectionState.Closed }, [new(ObjectionEventKind.StateChanged, ObjectionState.Closed)],
                new CaseAudit("ObjectionClosed", null, new { after = "appeal window" }), now.UtcDateTime)
            : null;

    // A conflict never strands a case: a township case that no township reviewer may decide goes to the district's
    // queue, unassigned, audited and said on the timeline. Null when someone in the township may still decide it.
    public static CaseMove? RouteIfStranded(ObjectionRow c, string announcementRegion, IEnumerable<StaffActor> townshipReviewers, CaseConflicts conflicts,
        DateTime now)
    {
        if (!CaseAuthority.IsStranded(c, announcementRegion, townshipReviewers, conflicts)) return null;
        var (queue, district) = EscalatedQueue(c.Queue, c.QueueRegionCode);
        var change = ObjectionChange.Of(c) with { Queue = queue, QueueRegionCode = district, AssignedTo = null, RoutedToDistrict = true };
        var audit = new CaseAudit("ObjectionRoutedToDistrict", null,
            new { from = c.QueueRegionCode, to = district, reason = "no township reviewer may decide it" });
        return new CaseMove(change, [new(ObjectionEventKind.StateChanged, c.State, TimelineText.RoutedToDistrict)], audit, now);
    }

    // What is written with these actions is read by the complainant on /track; everything else stays with staff.
    public static bool ReachesComplainant(ReviewAction action) => action is ReviewAction.Reject or ReviewAction.Reply or ReviewAction.Message;

    public IReadOnlyList<ReviewAction> Available(ObjectionRow c, StaffActor actor, Ties ties) =>
        Enum.GetValues<ReviewAction>().Where(a => CanAct(c, a, actor, ties, "-", Outcome.NotUpheld).IsAllowed).ToList();

    // The complainant may appeal within the window after the reply (or the inadmissibility reason).
    public bool CanAppeal(WorkingDays calendar, ObjectionState state, DateTime? repliedUtc, DateTimeOffset now) =>
        state is ObjectionState.Replied or ObjectionState.Inadmissible && repliedUtc is { } replied && now <= AppealEndsAt(calendar, replied);

    // The window counts from the moment of the reply, not from the end of its day: AppealDays units later, at the same
    // time of day (in calendar days exactly AppealDays × 24 hours; in working days on the AppealDays-th working day
    // after the reply's local date).
    public DateTimeOffset AppealEndsAt(WorkingDays calendar, DateTime repliedUtc)
    {
        var replied = new DateTimeOffset(DateTime.SpecifyKind(repliedUtc, DateTimeKind.Utc));
        var day = ShanghaiTime.DateOf(repliedUtc);
        return replied.AddDays(calendar.Due(day, options.AppealDays, options.AppealUnit).DayNumber - day.DayNumber);
    }

    // The refusal names the window in its unit ("7 days", "7 working days").
    public string AppealWindowRule => options.AppealUnit == PeriodUnit.WorkingDays ? "ReviewDeadlines.AppealWindowWorkingDays" : "Review.AppealWindow";

    // The reason for an appeal is written like the objection itself; too short, it asks for a reason.
    public static RuleResult? AppealTextProblem(string? text) =>
        ObjectionRules.TextProblems(text).FirstOrDefault() switch
        {
            null => null,
            { Rule: "Objection.TextTooShort" } => RuleResult.Refuse("Review.AppealReasonRequired", ObjectionRules.MinimumText),
            var p => p with { Field = null },
        };

    public bool ShouldClose(WorkingDays calendar, ObjectionState state, DateTime? repliedUtc, DateTimeOffset now) =>
        state is ObjectionState.Replied or ObjectionState.Inadmissible && repliedUtc is not null && !CanAppeal(calendar, state, repliedUtc, now);

    // An appeal goes one level up: township → district → discipline inspection, which stays with itself.
    public static (ReviewQueue Queue, string Region) EscalatedQueue(ReviewQueue queue, string region) => queue switch
    {
        ReviewQueue.Township => (ReviewQueue.District, RegionScope.DistrictOf(region)),
        _ => (ReviewQueue.DisciplineInspection, RegionScope.DistrictOf(region)),
    };

    // Deadlines end at 24:00 Asia/Shanghai of their day: the receipt's local date plus the days allowed, in the unit
    // the option states (the receipt's day itself never counts).
    // With the case's extensions, the deadline as extended (CaseExtensions.Effective); without, as computed.
    public DateTimeOffset AdmissibilityDue(WorkingDays calendar, DateTime receivedUtc, CaseExtensions? extensions = null) =>
        (extensions ?? CaseExtensions.None).Effective(CaseDeadline.Acceptance, Due(calendar, receivedUtc, options.AdmissibilityDays, options.AdmissibilityUnit));

    public DateTimeOffset ReplyDue(WorkingDays calendar, DateTime receivedUtc, CaseExtensions? extensions = null) =>
        (extensions ?? CaseExtensions.None).Effective(CaseDeadline.Reply, Due(calendar, receivedUtc, options.ReplyDays, options.ReplyUnit));

    public bool IsOverdue(WorkingDays calendar, ObjectionState state, DateTime receivedUtc, DateTimeOffset now, CaseExtensions? extensions = null) =>
        (state == ObjectionState.Received && now >= AdmissibilityDue(calendar, receivedUtc, extensions))
        || (!IsReplied(state) && now >= ReplyDue(calendar, receivedUtc, extensions));

    // The years a case's working-day deadlines reach into that the calendar does not have, where they count weekends
    // only; a deadline in calendar days does not depend on the calendar.
    public IReadOnlyList<int> FallbackYears(WorkingDays calendar, DateTime receivedUtc)
    {
        var received = ShanghaiTime.DateOf(receivedUtc);
        (int Days, PeriodUnit Unit)[] deadlines = [(options.AdmissibilityDays, options.AdmissibilityUnit), (options.ReplyDays, options.ReplyUnit)];
        return deadlines.Where(d => d.Unit == PeriodUnit.WorkingDays)
            .SelectMany(d => calendar.FallbackYears(received, calendar.Due(received, d.Days, d.Unit)))
            .Distinct().ToList();
    }

    private static DateTimeOffset Due(WorkingDays calendar, DateTime receivedUtc, int count, PeriodUnit unit)
    {
        var day = calendar.Due(ShanghaiTime.DateOf(receivedUtc), count, unit);
        return new Period(day, day).EndsAt;
    }
}
