using Portal.Features.Calendar;
using Portal.Features.Objections;

namespace Portal.Features.Review;

// The lane and deadlines (as extended) the complainant is shown on /track and by the track API: ReviewWorkflow.Deadlines over the
// calendar the database holds, and whether the case is final (replied by the review office).
public sealed class LaneTracking(ReviewWorkflow workflow, CalendarStore calendar, DeadlineExtensions extensions) : ITrackedLanes
{
    public async Task<TrackedLane> OfAsync(ObjectionRow c, CancellationToken ct = default)
    {
        var d = workflow.Deadlines(await calendar.CurrentAsync(ct), c, await extensions.ForCaseAsync(c.Id, ct));
        return new TrackedLane(c.Lane, d.Acceptance, d.Reply, IsFinal(c));
    }

    public static bool IsFinal(ObjectionRow c) => AdministrativeLane.IsFinal(c) && c.State is ObjectionState.Replied or ObjectionState.Closed;
}
