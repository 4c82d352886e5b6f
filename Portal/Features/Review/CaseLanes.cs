using Portal.Features.Objections;

namespace Portal.Features.Review;

// The administrative lane's state machine: accept or reject, investigate, decide, reply; the complainant's appeal goes
// one level up the government line — 复查 township → district, 复核 district → the district's review office — and
// after the review office's reply the case is final. Never into discipline inspection by appeal. Pure.
public static class AdministrativeLane
{
    private static readonly Dictionary<(ObjectionState, ReviewAction), ObjectionState> Moves = new()
    {
        [(ObjectionState.Received, ReviewAction.Accept)] = ObjectionState.Admissible,
        [(ObjectionState.Received, ReviewAction.Reject)] = ObjectionState.Inadmissible,
        [(ObjectionState.Admissible, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Escalated, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.UnderInvestigation, ReviewAction.Decide)] = ObjectionState.Decided,
        [(ObjectionState.Decided, ReviewAction.Reply)] = ObjectionState.Replied,
    };

    public static ObjectionState? Next(ObjectionState state, ReviewAction action) => action switch
    {
        // An inspector may take over any open administrative case: a case not yet accepted stays to be accepted, any
        // other is discipline inspection's accepted case.
        ReviewAction.TakeOver => state == ObjectionState.Closed ? null : state == ObjectionState.Received ? ObjectionState.Received : ObjectionState.Admissible,
        _ => Moves.TryGetValue((state, action), out var next) ? next : null,
    };

    // Where an appeal of this queue's reply goes: one level up, or nowhere after the review office.
    public static ReviewQueue? AppealTo(ReviewQueue queue) => queue switch
    {
        ReviewQueue.Township => ReviewQueue.District,
        ReviewQueue.District => ReviewQueue.ReviewOffice,
        _ => null,
    };

    // After the review office's reply (复核) the same facts are not taken again.
    public static bool IsFinal(ObjectionRow c) => c.Lane == CaseLane.Administrative && c.Queue == ReviewQueue.ReviewOffice;
}

// The misconduct lane's state machine (discipline inspection): accept (or forward: hand over to the administrative
// lane), investigate or not, and close with one of the four dispositions; a named complainant is told of the
// acceptance and of the result. Not appealed up the government line. Pure.
public static class MisconductLane
{
    private static readonly Dictionary<(ObjectionState, ReviewAction), ObjectionState> Moves = new()
    {
        [(ObjectionState.Received, ReviewAction.Accept)] = ObjectionState.Admissible,
        [(ObjectionState.Admissible, ReviewAction.Investigate)] = ObjectionState.UnderInvestigation,
        [(ObjectionState.Admissible, ReviewAction.Decide)] = ObjectionState.Closed,
        [(ObjectionState.UnderInvestigation, ReviewAction.Decide)] = ObjectionState.Closed,
    };

    public static ObjectionState? Next(ObjectionState state, ReviewAction action) => action switch
    {
        // Handed to the administrative lane: not yet accepted, it is forwarded to be accepted there; accepted, it stays accepted.
        ReviewAction.HandOver => state == ObjectionState.Closed ? null : state == ObjectionState.Received ? ObjectionState.Received : ObjectionState.Admissible,
        // The complainant is told of the acceptance once it is accepted, of the result once the case is closed.
        ReviewAction.TellAccepted => state is ObjectionState.Admissible or ObjectionState.UnderInvestigation or ObjectionState.Closed ? state : null,
        ReviewAction.TellResult => state == ObjectionState.Closed ? state : null,
        _ => Moves.TryGetValue((state, action), out var next) ? next : null,
    };
}
