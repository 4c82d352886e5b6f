using Portal.Infrastructure;
using Portal.Features.Announcements;
using Portal.Features.Objections;
using Portal.Features.Accounts;
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

public sealed class ReviewOptions
{
    public const string Section = "Review";

    public int AdmissibilityDays { get; set; } = 3;
    public int ReplyDays { get; set; } = 15;
    public int AppealDays { get; set; } = 7;
}

// What the acting user knows about their own ties to the case.
public sealed record Ties(bool DeclaredConflict, bool Recused, bool HomeVillage)
{
    public static readonly Ties None = new(false, false, false);

    public bool Any => DeclaredConflict || Recused || HomeVillage;
}

// The objection state machine of SPEC §2 and who may move it. Pure: the store asks before every write.
public sealed class ReviewWorkflow(ReviewOptions options)
{
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

    // Who owns a queue: the township's reviewers, the district's, or discipline inspection.
    public static bool OwnsQueue(StaffActor actor, ReviewQueue queue, string queueRegion) => queue switch
    {
        ReviewQueue.Township => actor.Role == StaffRole.TownshipReviewer && actor.Scope.Contains(queueRegion),
        ReviewQueue.District => actor.Role == StaffRole.DistrictReviewer && actor.Scope.Contains(queueRegion),
        _ => actor.Role == StaffRole.DisciplineInspector && actor.Scope.Contains(queueRegion),
    };

    // The queue a role works: the township's reviewers, the district's, or discipline inspection; none for the others.
    public static ReviewQueue? QueueOf(StaffRole role) => role switch
    {
        StaffRole.TownshipReviewer => ReviewQueue.Township,
        StaffRole.DistrictReviewer => ReviewQueue.District,
        StaffRole.DisciplineInspector => ReviewQueue.DisciplineInspection,
        _ => null,
    };

    // Inspectors read every objection in their scope; others read only their own queues.
    public static bool MayRead(StaffActor actor, ObjectionRow c, string announcementRegion) =>
        OwnsQueue(actor, c.Queue, c.QueueRegionCode)
        || (actor.Role == StaffRole.DisciplineInspector && actor.Scope.Contains(announcementRegion));

    public RuleResult CanAct(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties, string? text = null, Outcome? outcome = null)
    {
        if (actor.Role == StaffRole.Administrator) return RuleResult.Refuse("Review.AdministratorsDoNotDecide");
        if (!OwnsQueue(actor, c.Queue, c.QueueRegionCode)) return RuleResult.Refuse("Review.NotYourQueue");
        if (action == ReviewAction.Recuse)
        {
            if (c.State == ObjectionState.Closed) return RuleResult.Refuse("Review.Closed");
            return string.IsNullOrWhiteSpace(text) ? RuleResult.Refuse("Review.ReasonRequired") : RuleResult.Allowed;
        }
        if (ties.Any) return RuleResult.Refuse(ties.Recused ? "Review.Recused" : ties.HomeVillage ? "Review.HomeVillage" : "Review.Conflict");
        if (c.AssignedTo is { } assigned && assigned != actor.UserName) return RuleResult.Refuse("Review.AssignedToOther", assigned);
        if (action is ReviewAction.Message or ReviewAction.Note)
        {
            if (c.State == ObjectionState.Closed) return RuleResult.Refuse("Review.Closed");
            return string.IsNullOrWhiteSpace(text) ? RuleResult.Refuse(action == ReviewAction.Note ? "Review.NoteRequired" : "Review.MessageRequired") : RuleResult.Allowed;
        }
        if (Next(c.State, action) is null) return RuleResult.Refuse("Review.NotAllowedInState", c.State.ToString(), action.ToString());
        if (action == ReviewAction.Reject && string.IsNullOrWhiteSpace(text)) return RuleResult.Refuse("Review.RejectReasonRequired");
        if (action == ReviewAction.Reply && string.IsNullOrWhiteSpace(text)) return RuleResult.Refuse("Review.ReplyRequired");
        if (action == ReviewAction.Decide && outcome is null) return RuleResult.Refuse("Review.OutcomeRequired");
        return RuleResult.Allowed;
    }

    // What is written with these actions is read by the complainant on /track; everything else stays with staff.
    public static bool ReachesComplainant(ReviewAction action) => action is ReviewAction.Reject or ReviewAction.Reply or ReviewAction.Message;

    public IReadOnlyList<ReviewAction> Available(ObjectionRow c, StaffActor actor, Ties ties) =>
        Enum.GetValues<ReviewAction>().Where(a => CanAct(c, a, actor, ties, "-", Outcome.NotUpheld).IsAllowed).ToList();

    // The complainant may appeal within the window after the reply (or the inadmissibility reason).
    public bool CanAppeal(ObjectionState state, DateTime? repliedUtc, DateTimeOffset now) =>
        state is ObjectionState.Replied or ObjectionState.Inadmissible && repliedUtc is { } replied
        && now <= new DateTimeOffset(DateTime.SpecifyKind(replied, DateTimeKind.Utc)).AddDays(options.AppealDays);

    // A closed case takes no more answers from the complainant; every other state does.
    public static RuleResult? AnswerProblem(ObjectionState state) =>
        state == ObjectionState.Closed ? RuleResult.Refuse("Objection.AnswerClosed") : null;

    // The reason for an appeal is written like the objection itself; too short, it asks for a reason.
    public static RuleResult? AppealTextProblem(string? text) =>
        ObjectionRules.TextProblems(text).FirstOrDefault() switch
        {
            null => null,
            { Rule: "Objection.TextTooShort" } => RuleResult.Refuse("Review.AppealReasonRequired", ObjectionRules.MinimumText),
            var p => RuleResult.Refuse(p.Rule, p.Args),
        };

    public bool ShouldClose(ObjectionState state, DateTime? repliedUtc, DateTimeOffset now) =>
        state is ObjectionState.Replied or ObjectionState.Inadmissible && repliedUtc is not null && !CanAppeal(state, repliedUtc, now);

    // An appeal goes one level up: township → district → discipline inspection, which stays with itself.
    public static (ReviewQueue Queue, string Region) EscalatedQueue(ReviewQueue queue, string region) => queue switch
    {
        ReviewQueue.Township => (ReviewQueue.District, RegionScope.DistrictOf(region)),
        _ => (ReviewQueue.DisciplineInspection, RegionScope.DistrictOf(region)),
    };

    // Deadlines end at 24:00 Asia/Shanghai of the receipt's local date plus the days allowed.
    public DateTimeOffset AdmissibilityDue(DateTime receivedUtc) => Due(receivedUtc, options.AdmissibilityDays);

    public DateTimeOffset ReplyDue(DateTime receivedUtc) => Due(receivedUtc, options.ReplyDays);

    public bool IsOverdue(ObjectionState state, DateTime receivedUtc, DateTimeOffset now) =>
        (state == ObjectionState.Received && now >= AdmissibilityDue(receivedUtc))
        || (!IsReplied(state) && now >= ReplyDue(receivedUtc));

    private static DateTimeOffset Due(DateTime receivedUtc, int days)
    {
        var day = ShanghaiTime.DateOf(receivedUtc);
        return new Period(day, day.AddDays(days)).EndsAt;
    }
}
