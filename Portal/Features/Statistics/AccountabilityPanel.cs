using Dapper;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Statistics;

// One row of the accountability panel: the cases of one township in one lane. Counts only, never a case's content.
// A township without cases in a lane has a row of zeros; a median without replies, and a satisfaction below
// FollowUpRates.MinimumAnswers answers, are null.
public sealed record AccountabilityRow(string TownshipCode, string Name, string NameEn, CaseLane Lane, int Received, int Accepted, int Upheld,
    int EntriesCorrectedOrWithdrawn, int Overdue, int Extended, double? MedianWorkingDaysToReply, int SatisfactionAnswers, double? Satisfaction);

public sealed record PanelTownship(string Code, string Name, string NameEn);

// A case as the panel counts it: the township of its announcement's region, and the case row without its text.
public sealed record PanelCase(string TownshipCode, ObjectionRow Case);

// What each column counts. Pure.
public static class AccountabilityRules
{
    // Past the acceptance decision: neither waiting for it (Received) nor refused (Inadmissible). A closed case was
    // accepted when it was decided (it has an outcome, or for a misconduct case a disposition); a refused case that
    // closed after its appeal window has neither.
    public static bool Accepted(ObjectionRow c) => c.State switch
    {
        ObjectionState.Received or ObjectionState.Inadmissible => false,
        ObjectionState.Closed => c.Outcome is not null || c.Disposition is not null,
        _ => true,
    };

    public static bool Upheld(ObjectionRow c) => c.Outcome is nameof(Outcome.Upheld) or nameof(Outcome.PartiallyUpheld);

    // The cases whose decision withdrew the published entry or marked it for correction: ReviewWorkflow.Act gives a
    // case its effects (UpheldEffects) when it is decided Upheld; a household flagged for the next round is no entry.
    public static bool EntryCorrectedOrWithdrawn(ObjectionRow c) =>
        c.Outcome == nameof(Outcome.Upheld) && ReviewWorkflow.UpheldEffects(c).Any(e => e is WithdrawEntry or MarkEntryForCorrection);

    // Working days from the receipt to the reply (or the inadmissibility reason), as Asia/Shanghai dates, counted as a
    // deadline is: the receipt day does not count, the reply day does. A reply on the day of receipt took 0, one on the
    // next working day 1, so the figure compares directly with a deadline of n working days. Null before the reply.
    public static int? WorkingDaysToReply(WorkingDays calendar, ObjectionRow c) =>
        c.RepliedUtc is { } replied ? calendar.WorkingDaysBetween(ShanghaiTime.DateOf(c.ReceivedUtc), ShanghaiTime.DateOf(replied)) : null;

    public static bool Extended(ObjectionRow c, IReadOnlyDictionary<long, CaseExtensions> extensions) =>
        extensions.GetValueOrDefault(c.Id) is { All.Count: > 0 };

    // One row per township and lane, in township order, administrative first. The follow-up answers per lane and
    // township come from FollowUpStatistics (a rate only from FollowUpRates.MinimumAnswers answers).
    public static IReadOnlyList<AccountabilityRow> Aggregate(ReviewWorkflow workflow, WorkingDays calendar, DateTimeOffset now,
        IEnumerable<PanelTownship> townships, IEnumerable<PanelCase> cases, IReadOnlyDictionary<long, CaseExtensions> extensions,
        IReadOnlyDictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>> followUps)
    {
        var byRow = cases.ToLookup(x => (x.TownshipCode, x.Case.Lane), x => x.Case);
        return [.. from t in townships
                   from lane in Enum.GetValues<CaseLane>()
                   select Row(t, lane, [.. byRow[(t.Code, lane)]])];

        AccountabilityRow Row(PanelTownship t, CaseLane lane, IReadOnlyList<ObjectionRow> mine)
        {
            var days = mine.Select(c => WorkingDaysToReply(calendar, c)).OfType<int>().Select(d => (double)d).Order().ToList();
            // The same call as ObjectionStatistics' overdue count: the deadlines as extended.
            var overdue = mine.Count(c => workflow.IsOverdue(calendar, c, now, extensions.GetValueOrDefault(c.Id)));
            var answers = followUps.GetValueOrDefault(lane)?.GetValueOrDefault(t.Code) ?? TownshipFollowUp.None;
            return new AccountabilityRow(t.Code, t.Name, t.NameEn, lane, mine.Count, mine.Count(Accepted), mine.Count(Upheld),
                mine.Count(EntryCorrectedOrWithdrawn), overdue, mine.Count(c => Extended(c, extensions)), ObjectionStatistics.Median(days),
                answers.SatisfactionAnswers, answers.SatisfactionRate);
        }
    }
}

// The panel for /statistics, its API and its CSV (through DistrictStatistics' one report): the cases as the statistics
// read them (ObjectionCases) and the follow-up answers of each lane — a fixed number of queries whatever the number of
// townships.
public sealed class AccountabilityPanel(DbConnectionFactory db, ReviewWorkflow workflow, CalendarStore calendar, FollowUpStatistics followUps,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountabilityRow>> ByTownshipAndLaneAsync(CancellationToken ct = default)
    {
        var workingDays = await calendar.CurrentAsync(ct);
        var answers = new Dictionary<CaseLane, IReadOnlyDictionary<string, TownshipFollowUp>>();
        foreach (var lane in Enum.GetValues<CaseLane>()) answers[lane] = await followUps.ByTownshipAsync(lane, ct);
        await using var c = await db.OpenAsync(ct);
        var cases = await ObjectionCases.LoadAsync(c, ct);
        return AccountabilityRules.Aggregate(workflow, workingDays, clock.GetUtcNow(), cases.Townships, cases.Cases, cases.Extensions, answers);
    }
}
