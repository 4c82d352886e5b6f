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
    private const string SelectTownships = "SELECT Code, Name, NameEn FROM Region WHERE Level = 'Township' ORDER BY Code";

    private const string SelectCases = """
        SELECT a.RegionCode, o.Id, o.State, o.Outcome, o.ReceivedUtc, o.RepliedUtc, o.Lane, o.Anonymous, o.Disposition, o.AcceptanceToldUtc,
               o.ResultToldUtc, o.ClosedUtc, o.AppealedUtc
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
        """;

    public async Task<IReadOnlyList<TownshipObjections>> ByTownshipAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var townships = await c.QueryAsync<(string Code, string Name, string NameEn)>(new CommandDefinition(SelectTownships, cancellationToken: ct));
        var cases = (await c.QueryAsync<CaseRow>(new CommandDefinition(SelectCases, cancellationToken: ct))).ToLookup(x => RegionScope.TownshipOf(x.RegionCode));
        var extensions = await DeadlineExtensions.AllAsync(c, ct);
        var now = clock.GetUtcNow();
        var workingDays = await calendar.CurrentAsync(ct);
        var answers = followUps is null ? new Dictionary<string, TownshipFollowUp>() : await followUps.ByTownshipAsync(ct: ct);
        return townships.Select(t =>
        {
            var mine = cases[t.Code].ToList();
            var decided = mine.Count(x => x.Outcome is not null);
            var upheld = mine.Count(x => x.Outcome is nameof(Outcome.Upheld) or nameof(Outcome.PartiallyUpheld));
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

    private sealed record CaseRow : ObjectionRow
    {
        public string RegionCode { get; init; } = "";
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    };
}
