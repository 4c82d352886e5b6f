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
    // An inspector takes an administrative case into the misconduct lane, or hands a misconduct case to the
    // administrative lane (forwarding), each with a reason.
    TakeOver,
    HandOver,
    // Staff record that a named misconduct complainant was told of the acceptance, and of the result.
    TellAccepted,
    TellResult,
}

public enum Outcome
{
    Upheld,
    PartiallyUpheld,
    NotUpheld,
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

// The deadlines of one case as Asia/Shanghai dates, each ending at 24:00 of its day: whether it is accepted (or, in the
// misconduct lane, accepted or forwarded) and when it is answered (the misconduct lane: the result notice, once
// closed); for a named misconduct complainant also the acceptance and result notices. Null where none applies.
public sealed record CaseDeadlines(DateOnly Acceptance, DateOnly? Reply, DateOnly? AcceptanceNotice = null, DateOnly? ResultNotice = null)
{
    public static DateTimeOffset EndOf(DateOnly day) => new Period(day, day).EndsAt;
}

// A notice a named misconduct complainant is owed: which, by when, and whether that day has passed.
public sealed record NoticeDue(ReviewAction Action, DateOnly Due, bool Overdue);

// Each lane's state machine (AdministrativeLane, MisconductLane) and every move as a value (CaseMove) the store
// writes. Who may move a case is CaseAuthority's. Pure.
public sealed class ReviewWorkflow(ReviewOptions options)
{
    public ReviewWorkflow(Microsoft.Extensions.Options.IOptions<ReviewOptions> options) : this(options.Value) { }

    public ReviewOptions Options => options;

    private AdministrativeLaneOptions Administrative => options.Lanes.Administrative;
    private MisconductLaneOptions Misconduct => options.Lanes.Misconduct;

    // The state an action leads to in the case's lane, or null when the lane does not allow it in this state. A
    // message, a note or a recusal leaves the state as it is, in either lane, until the case is closed.
    public static ObjectionState? Next(CaseLane lane, ObjectionState state, ReviewAction action) => action switch
    {
        ReviewAction.Message or ReviewAction.Note or ReviewAction.Recuse => state == ObjectionState.Closed ? null : state,
        _ => lane == CaseLane.Misconduct ? MisconductLane.Next(state, action) : AdministrativeLane.Next(state, action),
    };

    public static bool IsReplied(ObjectionState state) => state is ObjectionState.Replied or ObjectionState.Inadmissible or ObjectionState.Closed;

    // Who may act (CaseAuthority), then what the case's lane allows and what each action must carry.
    public RuleResult CanAct(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties, string? text = null, Outcome? outcome = null,
        Disposition? disposition = null)
    {
        var authority = CaseAuthority.MayAct(c, action, actor, ties);
        if (!authority.IsAllowed) return authority;
        if (Next(c.Lane, c.State, action) is null)
        {
            return action is ReviewAction.Recuse or ReviewAction.Message or ReviewAction.Note
                ? RuleResult.Refuse("Review.Closed")
                : RuleResult.Refuse("Review.NotAllowedInState", c.State.ToString(), action.ToString());
        }
        if (action is ReviewAction.TellAccepted or ReviewAction.TellResult)
        {
            if (c.Anonymous) return RuleResult.Refuse("Lanes.AnonymousNotTold");
            var told = action == ReviewAction.TellAccepted ? c.AcceptanceToldUtc : c.ResultToldUtc;
            if (told is not null) return RuleResult.Refuse("Lanes.AlreadyTold");
        }
        if (string.IsNullOrWhiteSpace(text) && TextRule(action) is { } rule) return RuleResult.Refuse(rule);
        if (TextTooLong(action, text) is { } tooLong) return tooLong;
        if (action == ReviewAction.Decide && c.Lane == CaseLane.Misconduct && disposition is null) return RuleResult.Refuse("Lanes.DispositionRequired");
        if (action == ReviewAction.Decide && c.Lane == CaseLane.Administrative && outcome is null) return RuleResult.Refuse("Review.OutcomeRequired");
        return RuleResult.Allowed;
    }

    // A recusal's reason is kept in a column of 500 characters (Recusal.Reason); every other text of a move at most
    // 5,000, as an objection's. Checked here, so a long text is refused naming the rule instead of failing in the database.
    public const int MaxReason = 500;
    public const int MaxText = 5000;

    public static RuleResult? TextTooLong(ReviewAction action, string? text)
    {
        var limit = action == ReviewAction.Recuse ? MaxReason : MaxText;
        var length = text?.Trim().Length ?? 0;
        return length > limit ? RuleResult.Refuse("Text.TooLong", limit, length) : null;
    }

    // The refusal of an action that needs a text and has none.
    private static string? TextRule(ReviewAction action) => action switch
    {
        ReviewAction.Recuse => "Review.ReasonRequired",
        ReviewAction.Note => "Review.NoteRequired",
        ReviewAction.Message => "Review.MessageRequired",
        ReviewAction.Reject => "Review.RejectReasonRequired",
        ReviewAction.Reply => "Review.ReplyRequired",
        ReviewAction.TakeOver or ReviewAction.HandOver => "Lanes.ReasonRequired",
        ReviewAction.TellAccepted or ReviewAction.TellResult => "Lanes.NoticeRequired",
        _ => null,
    };

    // A staff action as one move: the next state, who holds the case (the first to act takes it; a recusing holder
    // lets go; a lane change sends it to its new queue), when it was replied to, the outcome or disposition, the
    // events, the upheld effects and the audit event. announcementRegion: where a handed-over case goes.
    public (RuleResult Result, CaseMove? Move) Act(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties, string? text, Outcome? outcome, DateTime now,
        Disposition? disposition = null, string? announcementRegion = null)
    {
        var allowed = CanAct(c, action, actor, ties, text, outcome, disposition);
        if (!allowed.IsAllowed) return (allowed, null);
        if (action is ReviewAction.TakeOver or ReviewAction.HandOver) return (RuleResult.Allowed, ChangeLane(c, action, actor, text!.Trim(), announcementRegion ?? c.QueueRegionCode, now));
        var misconduct = c.Lane == CaseLane.Misconduct;
        var state = Next(c.Lane, c.State, action) ?? c.State;
        var assignedTo = action == ReviewAction.Recuse ? (c.AssignedTo == actor.UserName ? null : c.AssignedTo) : c.AssignedTo ?? actor.UserName;
        var repliedUtc = action is ReviewAction.Reply or ReviewAction.Reject ? now : c.RepliedUtc;
        var events = new List<NewObjectionEvent>();
        var decidedOutcome = misconduct ? null : outcome;
        if (state != c.State) events.Add(new(ObjectionEventKind.StateChanged, state, action == ReviewAction.Decide ? decidedOutcome?.ToString() : null, actor.UserName));
        // Every reason is kept: what goes to the complainant as a reply, message or notice, the rest (why a case was
        // accepted, how it is investigated, why it was decided so and the disposition's outcome, a note, a recusal)
        // as an internal note /track never shows.
        var kind = action switch
        {
            ReviewAction.Reply or ReviewAction.Reject => ObjectionEventKind.Reply,
            ReviewAction.Message or ReviewAction.TellAccepted or ReviewAction.TellResult => ObjectionEventKind.MessageToComplainant,
            _ => ObjectionEventKind.InternalNote,
        };
        if (!string.IsNullOrWhiteSpace(text)) events.Add(new(kind, Text: text.Trim(), Actor: actor.UserName));
        var decidedMisconduct = misconduct && action == ReviewAction.Decide;
        var change = ObjectionChange.Of(c) with
        {
            State = state, AssignedTo = assignedTo, Outcome = decidedOutcome?.ToString() ?? c.Outcome, RepliedUtc = repliedUtc,
            Disposition = decidedMisconduct ? disposition : c.Disposition,
            ClosedUtc = decidedMisconduct ? now : c.ClosedUtc,
            AcceptanceToldUtc = action == ReviewAction.TellAccepted ? now : c.AcceptanceToldUtc,
            ResultToldUtc = action == ReviewAction.TellResult ? now : c.ResultToldUtc,
        };
        var audit = new CaseAudit($"Objection{action}", actor.UserName, new
        {
            from = c.State.ToString(), to = state.ToString(), outcome = decidedOutcome?.ToString(), disposition = decidedMisconduct ? disposition?.ToString() : null,
        });
        return (RuleResult.Allowed, new CaseMove(change, events, audit, now)
        {
            Effects = action == ReviewAction.Decide && decidedOutcome == Outcome.Upheld ? UpheldEffects(c) : [],
            Recusal = action == ReviewAction.Recuse ? new CaseRecusal(actor.UserName, text!.Trim()) : null,
            ThenRouteIfStranded = action == ReviewAction.Recuse,
            // The public counts: accepted (Accept, Reject), upheld (Decide), days to reply (Reply, Reject).
            ChangesPublicPages = action is ReviewAction.Accept or ReviewAction.Reject or ReviewAction.Decide or ReviewAction.Reply,
        });
    }

    // An inspector takes a case over (to the district's discipline inspection queue, theirs) or hands it to the
    // administrative lane (to the township queue of the announcement's region, or the district's for a district
    // notice, unassigned). The timeline says the case moved lanes; the reason stays with staff and in the audit chain.
    private static CaseMove ChangeLane(ObjectionRow c, ReviewAction action, StaffActor actor, string reason, string announcementRegion, DateTime now)
    {
        var takeOver = action == ReviewAction.TakeOver;
        var lane = takeOver ? CaseLane.Misconduct : CaseLane.Administrative;
        var state = Next(c.Lane, c.State, action)!.Value;
        var (queue, region) = takeOver ? (ReviewQueue.DisciplineInspection, RegionScope.DistrictOf(c.QueueRegionCode))
            : RegionScope.LevelOf(announcementRegion) == RegionLevel.District ? (ReviewQueue.District, announcementRegion)
            : (ReviewQueue.Township, RegionScope.TownshipOf(announcementRegion));
        var change = ObjectionChange.Of(c) with
        {
            Lane = lane, State = state, Queue = queue, QueueRegionCode = region, AssignedTo = takeOver ? actor.UserName : null, RoutedToDistrict = false,
        };
        NewObjectionEvent[] events =
        [
            new(ObjectionEventKind.StateChanged, state, TimelineText.LaneOf(lane), actor.UserName),
            new(ObjectionEventKind.InternalNote, Text: reason, Actor: actor.UserName),
        ];
        var audit = new CaseAudit($"Objection{action}", actor.UserName, new
        {
            fromLane = c.Lane.ToString(), toLane = lane.ToString(), from = c.Queue.ToString(), to = queue.ToString(), reason,
        });
        return new CaseMove(change, events, audit, now) { ThenRouteIfStranded = !takeOver, ChangesPublicPages = true };
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

    // The complainant's appeal of an administrative case: one level up the government line, unassigned, with the
    // appeal's reason on its timeline.
    public (RuleResult Result, CaseMove? Move) Appeal(WorkingDays calendar, ObjectionRow c, string? text, DateTimeOffset now)
    {
        if (AppealTextProblem(text) is { } problem) return (problem, null);
        if (AppealTo(c) is not { } queue) return (RuleResult.Refuse(c.Lane == CaseLane.Misconduct ? "Lanes.MisconductNotAppealed" : "Lanes.Final"), null);
        if (!CanAppeal(calendar, c, now)) return (RuleResult.Refuse(AppealWindowRule(c), AppealWindow(c).Count), null);
        var region = RegionScope.DistrictOf(c.QueueRegionCode);
        var change = ObjectionChange.Of(c) with
        {
            State = ObjectionState.Escalated, AssignedTo = null, Queue = queue, QueueRegionCode = region, AppealedUtc = now.UtcDateTime,
        };
        NewObjectionEvent[] events =
        [
            new(ObjectionEventKind.StateChanged, ObjectionState.Appealed),
            new(ObjectionEventKind.MessageFromComplainant, Text: text),
            new(ObjectionEventKind.StateChanged, ObjectionState.Escalated, queue.ToString()),
        ];
        var audit = new CaseAudit("ObjectionAppealed", null, new { from = c.Queue.ToString(), to = queue.ToString() });
        return (RuleResult.Allowed, new CaseMove(change, events, audit, now.UtcDateTime));
    }

    // Where an appeal of this case would go; null when none is possible (misconduct, or final after the review office).
    public static ReviewQueue? AppealTo(ObjectionRow c) => c.Lane == CaseLane.Administrative ? AdministrativeLane.AppealTo(c.Queue) : null;

    // A case whose appeal window has passed (or that cannot be appealed) closes on its own; null while it may still be appealed.
    public CaseMove? Close(WorkingDays calendar, ObjectionRow c, DateTimeOffset now) =>
        ShouldClose(calendar, c, now)
            ? new CaseMove(ObjectionChange.Of(c) with { State = ObjectionState.Closed, ClosedUtc = now.UtcDateTime }, [new(ObjectionEventKind.StateChanged, ObjectionState.Closed)],
                new CaseAudit("ObjectionClosed", null, new { after = AppealTo(c) is null ? "final" : "appeal window" }), now.UtcDateTime)
            : null;

    // A conflict never strands a case: a township case that no township reviewer may decide goes to the district's
    // queue, unassigned, audited and said on the timeline. Null when someone in the township may still decide it.
    public static CaseMove? RouteIfStranded(ObjectionRow c, string announcementRegion, IEnumerable<StaffActor> townshipReviewers, CaseConflicts conflicts,
        DateTime now)
    {
        if (!CaseAuthority.IsStranded(c, announcementRegion, townshipReviewers, conflicts)) return null;
        var district = RegionScope.DistrictOf(c.QueueRegionCode);
        var change = ObjectionChange.Of(c) with { Queue = ReviewQueue.District, QueueRegionCode = district, AssignedTo = null, RoutedToDistrict = true };
        var audit = new CaseAudit("ObjectionRoutedToDistrict", null,
            new { from = c.QueueRegionCode, to = district, reason = "no township reviewer may decide it" });
        return new CaseMove(change, [new(ObjectionEventKind.StateChanged, c.State, TimelineText.RoutedToDistrict)], audit, now);
    }

    // What is written with these actions is read by the complainant on /track; everything else stays with staff.
    public static bool ReachesComplainant(ReviewAction action) =>
        action is ReviewAction.Reject or ReviewAction.Reply or ReviewAction.Message or ReviewAction.TellAccepted or ReviewAction.TellResult;

    public IReadOnlyList<ReviewAction> Available(ObjectionRow c, StaffActor actor, Ties ties) =>
        Enum.GetValues<ReviewAction>().Where(a => CanAct(c, a, actor, ties, "-", Outcome.NotUpheld, Disposition.Concluded).IsAllowed).ToList();

    // The complainant may appeal an administrative case within the window after the reply (or the inadmissibility
    // reason), while there is a level above the queue that replied.
    public bool CanAppeal(WorkingDays calendar, ObjectionRow c, DateTimeOffset now) =>
        c.State is ObjectionState.Replied or ObjectionState.Inadmissible && AppealTo(c) is not null && c.RepliedUtc is { } replied
        && now <= AppealEndsAt(calendar, c, replied);

    // The window to ask: 复查 after a township's reply, 复核 after the district's.
    public PeriodSetting AppealWindow(ObjectionRow c) => c.Queue == ReviewQueue.Township ? Administrative.FirstAppeal : Administrative.SecondAppeal;

    // The shortest appeal window in calendar days at least (each lasts at least its count in calendar days).
    public int ShortestAppealDays => Math.Min(Administrative.FirstAppeal.Count, Administrative.SecondAppeal.Count);

    // The window counts from the moment of the reply, not from the end of its day: that many units later, at the same
    // time of day (in calendar days exactly Count × 24 hours; in working days on the Count-th working day after the
    // reply's local date).
    public DateTimeOffset AppealEndsAt(WorkingDays calendar, ObjectionRow c, DateTime repliedUtc)
    {
        var window = AppealWindow(c);
        var replied = new DateTimeOffset(DateTime.SpecifyKind(repliedUtc, DateTimeKind.Utc));
        var day = ShanghaiTime.DateOf(repliedUtc);
        return replied.AddDays(calendar.Due(day, window.Count, window.UnitOf()).DayNumber - day.DayNumber);
    }

    // The refusal names the window in its unit ("30 days", "22 working days").
    public string AppealWindowRule(ObjectionRow c) => AppealWindow(c).UnitOf() == PeriodUnit.WorkingDays ? "ReviewDeadlines.AppealWindowWorkingDays" : "Review.AppealWindow";

    // The reason for an appeal is written like the objection itself; too short, it asks for a reason.
    public static RuleResult? AppealTextProblem(string? text) =>
        ObjectionRules.TextProblems(text).FirstOrDefault() switch
        {
            null => null,
            { Rule: "Objection.TextTooShort" } => RuleResult.Refuse("Review.AppealReasonRequired", ObjectionRules.MinimumText),
            var p => p with { Field = null },
        };

    public bool ShouldClose(WorkingDays calendar, ObjectionRow c, DateTimeOffset now) =>
        c.State is ObjectionState.Replied or ObjectionState.Inadmissible && c.RepliedUtc is not null && !CanAppeal(calendar, c, now);

    // How a queue is called: the review office by its configured name, when there is one.
    public string QueueName(Microsoft.Extensions.Localization.IStringLocalizer L, ReviewQueue queue)
    {
        var configured = UiCulture.IsEnglish ? Administrative.ReviewOfficeNameEn : Administrative.ReviewOfficeName;
        return queue == ReviewQueue.ReviewOffice && !string.IsNullOrWhiteSpace(configured) ? configured : L.Enum(queue);
    }

    // Every deadline of a case, in its lane, computed here and only here: from the receipt's Asia/Shanghai date (the
    // day itself never counts) in the unit each option states; a misconduct case's result notice from the day it closed.
    // With the case's extensions, the acceptance and reply deadlines as extended (CaseExtensions.Effective).
    public CaseDeadlines Deadlines(WorkingDays calendar, ObjectionRow c, CaseExtensions? extensions = null)
    {
        var received = ShanghaiTime.DateOf(c.ReceivedUtc);
        var extended = extensions ?? CaseExtensions.None;
        DateOnly Due(DateOnly from, PeriodSetting p) => calendar.Due(from, p.Count, p.UnitOf());
        if (c.Lane == CaseLane.Administrative)
        {
            // An appeal is answered in the same time as the case was, counted from the day of the appeal.
            var replyFrom = c.AppealedUtc is { } appealed ? ShanghaiTime.DateOf(appealed) : received;
            return new CaseDeadlines(extended.Effective(CaseDeadline.Acceptance, Due(received, Administrative.Acceptance)),
                extended.Effective(CaseDeadline.Reply, Due(replyFrom, Administrative.Reply)));
        }
        var result = c.Anonymous || c.ClosedUtc is not { } closed ? (DateOnly?)null : Due(ShanghaiTime.DateOf(closed), Misconduct.ResultNotice);
        return new CaseDeadlines(extended.Effective(CaseDeadline.Acceptance, Due(received, Misconduct.Acceptance)), result,
            c.Anonymous ? null : Due(received, Misconduct.AcceptanceNotice), result);
    }

    // The notices a named misconduct complainant is still owed, once each is due to be given (accepted, closed).
    public IReadOnlyList<NoticeDue> NoticesDue(WorkingDays calendar, ObjectionRow c, DateTimeOffset now)
    {
        var d = Deadlines(calendar, c);
        var owed = new List<NoticeDue>();
        if (d.AcceptanceNotice is { } accepted && c.AcceptanceToldUtc is null && c.State is not ObjectionState.Received && (c.State != ObjectionState.Closed || c.Disposition is not null))
        {
            owed.Add(new(ReviewAction.TellAccepted, accepted, now >= CaseDeadlines.EndOf(accepted)));
        }
        if (d.ResultNotice is { } result && c.ResultToldUtc is null && c.Disposition is not null)
        {
            owed.Add(new(ReviewAction.TellResult, result, now >= CaseDeadlines.EndOf(result)));
        }
        return owed;
    }

    public bool IsOverdue(WorkingDays calendar, ObjectionRow c, DateTimeOffset now, CaseExtensions? extensions = null)
    {
        var d = Deadlines(calendar, c, extensions);
        if (c.State == ObjectionState.Received && now >= CaseDeadlines.EndOf(d.Acceptance)) return true;
        if (c.Lane == CaseLane.Misconduct) return NoticesDue(calendar, c, now).Any(n => n.Overdue);
        return !IsReplied(c.State) && d.Reply is { } reply && now >= CaseDeadlines.EndOf(reply);
    }

    // The years a case's working-day deadlines reach into that the calendar does not have, where they count weekends
    // only; a deadline in calendar days does not depend on the calendar.
    public IReadOnlyList<int> FallbackYears(WorkingDays calendar, ObjectionRow c)
    {
        PeriodSetting[] periods = c.Lane == CaseLane.Administrative ? [Administrative.Acceptance, Administrative.Reply]
            : [Misconduct.Acceptance, Misconduct.AcceptanceNotice, Misconduct.ResultNotice];
        if (!periods.Any(p => p.UnitOf() == PeriodUnit.WorkingDays)) return [];
        var received = ShanghaiTime.DateOf(c.ReceivedUtc);
        var d = Deadlines(calendar, c);
        DateOnly?[] days = [d.Acceptance, d.Reply, d.AcceptanceNotice, d.ResultNotice];
        var last = days.Where(x => x is not null).Max()!.Value;
        return calendar.FallbackYears(received, last);
    }
}
