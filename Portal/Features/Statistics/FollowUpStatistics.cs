using Dapper;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Infrastructure.Data;

namespace Portal.Features.Statistics;

// The follow-up rates per township (the township of the case's announcement, as ObjectionStatistics counts cases), for
// the statistics page, its API and CSV, and any panel that shows them by lane. Counts only.
public sealed class FollowUpStatistics(DbConnectionFactory db)
{
    private const string SelectAnswers = """
        SELECT a.RegionCode, o.Lane, f.Resolved, f.Satisfied
          FROM CaseFollowUp f
          JOIN Objection o ON o.Id = f.ObjectionId
          JOIN Announcement a ON a.Id = o.AnnouncementId
        """;

    // Every township that has answers, by code; a township without any has TownshipFollowUp.None. Lane null: both lanes.
    public async Task<IReadOnlyDictionary<string, TownshipFollowUp>> ByTownshipAsync(CaseLane? lane = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AnswerRow>(new CommandDefinition(SelectAnswers, cancellationToken: ct));
        return rows.Where(r => lane is null || r.Lane == lane)
            .GroupBy(r => RegionScope.TownshipOf(r.RegionCode))
            .ToDictionary(g => g.Key, g => FollowUpRates.Of(g.Select(r => (r.Resolved, r.Satisfied))));
    }

    private sealed record AnswerRow
    {
        public string RegionCode { get; init; } = "";
        public CaseLane Lane { get; init; }
        public bool? Resolved { get; init; }
        public bool? Satisfied { get; init; }
    }
}
