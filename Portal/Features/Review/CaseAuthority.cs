using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Review;

// What the acting user knows about their own ties to the case.
public sealed record Ties(bool DeclaredConflict, bool Recused, bool HomeVillage)
{
    public static readonly Ties None = new(false, false, false);

    public bool Any => DeclaredConflict || Recused || HomeVillage;

    // The refusal a tie gives, the first of recusal, home village, conflict; null without one.
    public string? Rule => Recused ? "Review.Recused" : HomeVillage ? "Review.HomeVillage" : DeclaredConflict ? "Review.Conflict" : null;
}

// Who is tied to one case: the staff who recused themselves from it, and those who declared a conflict with its household.
public sealed record CaseConflicts(IReadOnlyCollection<string> RecusedUserNames, IReadOnlyCollection<long> ConflictedUserIds)
{
    public static readonly CaseConflicts None = new([], []);
}

// Who may decide a case, in one place: who owns a queue, who may read a case, who may act on it, the ties that bar a
// reviewer (a declared conflict, a recusal, the announcement's village being their home), who may see the
// complainant's identity, and when a township case has nobody left to decide it. Pure: stores load the facts and ask.
public static class CaseAuthority
{
    // The queue a role works: the township's reviewers, the district's, or discipline inspection; none for the others.
    public static ReviewQueue? QueueOf(StaffRole role) => role switch
    {
        StaffRole.TownshipReviewer => ReviewQueue.Township,
        StaffRole.DistrictReviewer => ReviewQueue.District,
        StaffRole.DisciplineInspector => ReviewQueue.DisciplineInspection,
        StaffRole.ReviewOfficer => ReviewQueue.ReviewOffice,
        _ => null,
    };

    public static bool WorksAQueue(StaffActor actor) => QueueOf(actor.Role) is not null;

    // Who owns a queue: the township's reviewers, the district's, the district's review office, or discipline inspection.
    public static bool OwnsQueue(StaffActor actor, ReviewQueue queue, string queueRegion) =>
        QueueOf(actor.Role) == queue && actor.Scope.Contains(queueRegion);

    // Discipline inspectors read every objection of their scope, whichever queue holds it.
    public static bool ReadsEveryQueue(StaffActor actor) => actor.Role == StaffRole.DisciplineInspector;

    // Inspectors read every objection in their scope; others read only their own queues.
    public static bool MayRead(StaffActor actor, ObjectionRow c, string announcementRegion) =>
        OwnsQueue(actor, c.Queue, c.QueueRegionCode) || (ReadsEveryQueue(actor) && actor.Scope.Contains(announcementRegion));

    // Only discipline inspectors take part in revealing who complained: one asks with a reason, another decides
    // (IdentityRevealRules, IdentityReveals).
    public static bool MayReveal(StaffActor actor) => actor.Role == StaffRole.DisciplineInspector;

    public static Ties TiesOf(StaffActor actor, ObjectionRow c, string announcementRegion, CaseConflicts conflicts) => new(
        DeclaredConflict: c.HouseholdId is not null && conflicts.ConflictedUserIds.Contains(actor.UserId),
        Recused: conflicts.RecusedUserNames.Contains(actor.UserName),
        HomeVillage: actor.HomeVillageCode is { } village && announcementRegion == village);

    // Whether this person may act on the case at all, before the state machine is asked: only the queue's owners act
    // (administrators never decide), any of them may recuse, a tie bars everything else, and a case taken up by one
    // reviewer is theirs.
    // An inspector takes over an administrative case of their scope from whichever queue holds it, whoever holds it.
    public static RuleResult MayAct(ObjectionRow c, ReviewAction action, StaffActor actor, Ties ties)
    {
        var owner = action == ReviewAction.TakeOver ? MayTakeOver(c, actor) : MayWorkQueue(c, actor);
        if (!owner.IsAllowed || action == ReviewAction.Recuse) return owner;
        if (ties.Rule is { } tie) return RuleResult.Refuse(tie);
        if (action != ReviewAction.TakeOver && c.AssignedTo is { } assigned && assigned != actor.UserName) return RuleResult.Refuse("Review.AssignedToOther", assigned);
        return RuleResult.Allowed;
    }

    // Only discipline inspectors move a case between the lanes: they take over any administrative case in their scope
    // and hand over the misconduct cases of their own queue.
    private static RuleResult MayTakeOver(ObjectionRow c, StaffActor actor) =>
        actor.Role != StaffRole.DisciplineInspector ? RuleResult.Refuse("Lanes.OnlyInspectorsTakeOver")
        : !actor.Scope.Contains(c.QueueRegionCode) ? RuleResult.Refuse("Review.NotYourQueue")
        : RuleResult.Allowed;

    // Only an open township case can be stranded; the others always have their district or inspection.
    public static bool MayBeStranded(ObjectionRow c) => c.Queue == ReviewQueue.Township && c.State != ObjectionState.Closed;

    // Stranded: none of the township's active reviewers could decide the case, whoever holds it now — each is tied to
    // it (or, misconfigured, does not own its queue).
    public static bool IsStranded(ObjectionRow c, string announcementRegion, IEnumerable<StaffActor> townshipReviewers, CaseConflicts conflicts) =>
        MayBeStranded(c) && !townshipReviewers.Any(r => MayWorkQueue(c, r).IsAllowed && !TiesOf(r, c, announcementRegion, conflicts).Any);

    private static RuleResult MayWorkQueue(ObjectionRow c, StaffActor actor) =>
        actor.Role == StaffRole.Administrator ? RuleResult.Refuse("Review.AdministratorsDoNotDecide")
        : !OwnsQueue(actor, c.Queue, c.QueueRegionCode) ? RuleResult.Refuse("Review.NotYourQueue")
        : RuleResult.Allowed;
}
