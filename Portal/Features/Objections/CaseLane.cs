namespace Portal.Features.Objections;

// The two ways a complaint is handled (PRACTICE.md, Complaints): an administrative complaint goes up the government
// line; misconduct (favouritism, misuse of funds) belongs to discipline inspection with its own rules.
public enum CaseLane
{
    Administrative,
    Misconduct,
}

// 谈话函询, 初步核实, 暂存待查, 予以了结: how discipline inspection disposes of a misconduct complaint.
public enum Disposition
{
    TalkOrLetterInquiry,
    PreliminaryVerification,
    HeldForLater,
    Concluded,
}

public static class Lanes
{
    // The lane a new case starts in, from its category. Year-round reports are always administrative.
    public static CaseLane Of(ObjectionCategory category) =>
        category is ObjectionCategory.Favouritism or ObjectionCategory.MisuseOfFunds ? CaseLane.Misconduct : CaseLane.Administrative;
}

// What a complainant is shown of their case's lane: the lane, its current deadlines as Asia/Shanghai dates (the reply
// null where none is due yet), and whether it is final (no further appeal; the same facts are not taken again).
public sealed record TrackedLane(CaseLane Lane, DateOnly Acceptance, DateOnly? Reply, bool Final);

// Review's to answer (it holds the lanes' deadlines): the track page and API ask it for the case they show.
public interface ITrackedLanes
{
    Task<TrackedLane> OfAsync(ObjectionRow c, CancellationToken ct = default);
}
