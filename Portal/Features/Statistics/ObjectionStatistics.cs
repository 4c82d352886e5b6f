using Dapper;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Infrastructure.Data;
using Portal.Features.Regions;

namespace Portal.Features.Statistics;

public sealed record TownshipObjections(string TownshipCode, string Name, string NameEn, int Received, int Decided, int Upheld,
    double? UpheldShare, double? MedianDaysToReply, int Overdue)
{
    // The complainants' follow-up answers (FollowUpStatistics): satisfaction and reopen rates, shown from 10 answers.
    public TownshipFollowUp FollowUp { get; init; } = TownshipFollowUp.None;
}

// Objections per township for the public: how many came in, how many were upheld, how fast they were answered, how
// many are late (by their deadlines as extended). Counts only — never a case's content.
public sealed class ObjectionStatistics(DbConnectionFactory db, ReviewWorkflow workflow, CalendarStore calendar, TimeProvider clock,
    FollowUpStatistics? followUps = null)
{
    public async Task<IReadOnlyList<TownshipObjections>> ByTownshipAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (townships, all, extensions) = await ObjectionCases.LoadAsync(c, ct);
        var cases = all.ToLookup(x => x.TownshipCode, x => x.Case);
        var now = clock.GetUtcNow();
        var workingDays = await calendar.CurrentAsync(ct);
        var answers = followUps is null ? new Dictionary<string, TownshipFollowUp>() : await followUps.ByTownshipAsync(ct: ct);
        return townships.Select(t =>
        {
            var mine = cases[t.Code].ToList();
            var decided = mine.Count(x => x.Outcome is not null);
            var upheld = mine.Count(AccountabilityRules.Upheld);
            var days = mine.Where(x => x.RepliedUtc is not null).Select(x => (x.RepliedUtc!.Value - x.ReceivedUtc).TotalDays).Order().ToList();
            // Late in the case's own lane, by its own deadlines as extended (ReviewWorkflow.Deadlines).
            var overdue = mine.Count(x => workflow.IsOverdue(workingDays, x, now, extensions.GetValueOrDefault(x.Id)));
            return new TownshipObjections(t.Code, t.Name, t.NameEn, mine.Count, decided, upheld,
                decided == 0 ? null : (double)upheld / decided, Median(days), overdue)
            {
                FollowUp = answers.GetValueOrDefault(t.Code, TownshipFollowUp.None),
            };
        }).ToList();
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    };
}
