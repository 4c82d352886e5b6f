using Dapper;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public sealed record MeasureTotal(MeasureKind Kind, long Measures, long Households, decimal Funds);

public sealed record YearCount(int Year, long Identified, long Exited);

// Every village's published figures, read together: the home page's households per township and village, and on a
// village page its measures and households by year.
public sealed record VillageFigureSet(IReadOnlyList<TownshipOverview> Overview, ILookup<string, MeasureTotal> Measures, ILookup<string, YearCount> Years);

// What a village page publishes: people in office, projects, and households only in aggregate. The aggregates read the
// household and measure tables whole (seconds at 1,000,000 households), so they are built for every village at once in
// the background (BackgroundFigures: after a change to the public pages, or every ten minutes) and the pages say when.
public sealed class VillageReport(DbConnectionFactory db, TimeProvider? clock = null, PublicPageCache? cache = null)
{
    private readonly BackgroundFigures<VillageFigureSet> figures = new(ct => ReadAsync(db, ct), clock ?? TimeProvider.System, cache, TimeSpan.FromMinutes(10));

    private const string SelectCounts = """
        SELECT r.Code, r.ParentCode, r.Level, r.Name, r.NameEn,
               COUNT(h.Id) AS Households,
               SUM(CASE WHEN h.Status = 'Identified' THEN 1 ELSE 0 END) AS Identified
          FROM Region r
          LEFT JOIN Household h ON h.VillageCode = r.Code
         WHERE r.Level IN ('Township', 'Village')
         GROUP BY r.Code, r.ParentCode, r.Level, r.Name, r.NameEn
         ORDER BY r.Code
        """;

    private const string SelectMeasures = """
        SELECT h.VillageCode, m.Kind, COUNT(*) AS Measures, COUNT(DISTINCT m.HouseholdId) AS Households, SUM(m.Funds) AS Funds
          FROM AssistanceMeasure m
          JOIN Household h ON h.Id = m.HouseholdId
         GROUP BY h.VillageCode, m.Kind
        """;

    private const string SelectProjects = """
        SELECT Id, VillageCode, Name, Amount, Implementer, Beneficiaries, Year, Place, Task, SubsidyStandard, FundSource, Schedule,
               ResponsiblePerson, PerformanceTargets, BenefitMechanism
          FROM Project
         WHERE VillageCode = @village
         ORDER BY Year DESC, Id
        """;

    private const string SelectIdentifiedByYear = """
        SELECT VillageCode, IdentifiedYear AS Year, COUNT(*) AS N
          FROM Household
         WHERE IdentifiedYear IS NOT NULL
         GROUP BY VillageCode, IdentifiedYear
        """;

    private const string SelectExitedByYear = """
        SELECT VillageCode, ExitYear AS Year, COUNT(*) AS N
          FROM Household
         WHERE ExitYear IS NOT NULL
         GROUP BY VillageCode, ExitYear
        """;

    public Task<BackgroundFigures<VillageFigureSet>.Built> FiguresAsync(CancellationToken ct = default) => figures.GetAsync(ct);

    // The figures once they hold every change made before the call (tests).
    public Task<BackgroundFigures<VillageFigureSet>.Built> UpToDateAsync(CancellationToken ct = default) => figures.UpToDateAsync(ct);

    public async Task<IReadOnlyList<Project>> ProjectsAsync(string village, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Project>(new CommandDefinition(SelectProjects, new { village }, cancellationToken: ct))).AsList();
    }

    private static async Task<VillageFigureSet> ReadAsync(DbConnectionFactory db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<RegionCount>(new CommandDefinition(SelectCounts, cancellationToken: ct))).AsList();
        var villages = rows.Where(r => r.Level == RegionLevel.Village).ToLookup(r => r.ParentCode);
        var overview = rows.Where(r => r.Level == RegionLevel.Township).Select(t => new TownshipOverview(t, villages[t.Code].ToList())).ToList();
        var measures = (await c.QueryAsync<(string Village, string Kind, long Measures, long Households, decimal Funds)>(new CommandDefinition(SelectMeasures, cancellationToken: ct)))
            .OrderByDescending(r => r.Measures)
            .ToLookup(r => r.Village, r => new MeasureTotal(Enum.Parse<MeasureKind>(r.Kind), r.Measures, r.Households, r.Funds));
        var identified = (await c.QueryAsync<(string Village, long Year, long N)>(new CommandDefinition(SelectIdentifiedByYear, cancellationToken: ct)))
            .ToDictionary(r => (r.Village, (int)r.Year), r => r.N);
        var exited = (await c.QueryAsync<(string Village, long Year, long N)>(new CommandDefinition(SelectExitedByYear, cancellationToken: ct)))
            .ToDictionary(r => (r.Village, (int)r.Year), r => r.N);
        var years = identified.Keys.Union(exited.Keys).OrderBy(k => k.Item2)
            .ToLookup(k => k.Item1, k => new YearCount(k.Item2, identified.GetValueOrDefault(k), exited.GetValueOrDefault(k)));
        return new VillageFigureSet(overview, measures, years);
    }
}
