using System.Data.Common;
using Dapper;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;

namespace Portal.Features.Statistics;

// Every objection as the public statistics count it, read the same way for the per-township figures
// (ObjectionStatistics) and the accountability panel: the townships, each case with the township of its announcement's
// region (the columns the rules need, never what was written or who wrote it), and every deadline extension.
public sealed record ObjectionCases(IReadOnlyList<PanelTownship> Townships, IReadOnlyList<PanelCase> Cases,
    IReadOnlyDictionary<long, CaseExtensions> Extensions)
{
    private const string SelectTownships = "SELECT Code, Name, NameEn FROM Region WHERE Level = 'Township' ORDER BY Code";

    private const string SelectCases = """
        SELECT o.Id, o.CaseNumber, o.EntryId, o.HouseholdId, o.Category, o.State, o.Outcome, o.ReceivedUtc, o.RepliedUtc,
               o.Lane, o.Anonymous, o.Disposition, o.AcceptanceToldUtc, o.ResultToldUtc, o.ClosedUtc, o.AppealedUtc,
               a.RegionCode
          FROM Objection o
          JOIN Announcement a ON a.Id = o.AnnouncementId
        """;

    public static async Task<ObjectionCases> LoadAsync(DbConnection c, CancellationToken ct)
    {
        var townships = (await c.QueryAsync<PanelTownship>(new CommandDefinition(SelectTownships, cancellationToken: ct))).AsList();
        var cases = (await c.QueryAsync<ObjectionRow, string, PanelCase>(new CommandDefinition(SelectCases, cancellationToken: ct),
            (row, region) => new PanelCase(RegionScope.TownshipOf(region), row), splitOn: "RegionCode")).AsList();
        return new ObjectionCases(townships, cases, await DeadlineExtensions.AllAsync(c, ct));
    }
}
