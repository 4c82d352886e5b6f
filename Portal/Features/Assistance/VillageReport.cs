using Dapper;
using Portal.Features.Households;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public sealed record MeasureTotal(MeasureKind Kind, long Measures, long Households, decimal Funds);

public sealed record YearCount(int Year, long Identified, long Exited);

// What a village page publishes: people in office, projects, and households only in aggregate.
public sealed class VillageReport(DbConnectionFactory db)
{
    private const string SelectMeasures = """
        SELECT m.Kind, COUNT(*) AS Measures, COUNT(DISTINCT m.HouseholdId) AS Households, SUM(m.Funds) AS Funds
          FROM AssistanceMeasure m
          JOIN Household h ON h.Id = m.HouseholdId
         WHERE h.VillageCode = @village
         GROUP BY m.Kind
         ORDER BY COUNT(*) DESC
        """;

    private const string SelectProjects = """
        SELECT Id, VillageCode, Name, Amount, Implementer, Beneficiaries, Year, Place, Task, SubsidyStandard, FundSource, Schedule,
               ResponsiblePerson, PerformanceTargets, BenefitMechanism
          FROM Project
         WHERE VillageCode = @village
         ORDER BY Year DESC, Id
        """;

    private const string SelectIdentifiedByYear = """
        SELECT IdentifiedYear AS Year, COUNT(*) AS N
          FROM Household
         WHERE VillageCode = @village AND IdentifiedYear IS NOT NULL
         GROUP BY IdentifiedYear
        """;

    private const string SelectExitedByYear = """
        SELECT ExitYear AS Year, COUNT(*) AS N
          FROM Household
         WHERE VillageCode = @village AND ExitYear IS NOT NULL
         GROUP BY ExitYear
        """;

    public async Task<IReadOnlyList<MeasureTotal>> MeasuresAsync(string village, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Kind, long Measures, long Households, decimal Funds)>(new CommandDefinition(SelectMeasures, new { village }, cancellationToken: ct));
        return rows.Select(r => new MeasureTotal(Enum.Parse<MeasureKind>(r.Kind), r.Measures, r.Households, r.Funds)).ToList();
    }

    public async Task<IReadOnlyList<Project>> ProjectsAsync(string village, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Project>(new CommandDefinition(SelectProjects, new { village }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<YearCount>> ByYearAsync(string village, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var identified = (await c.QueryAsync<(long Year, long N)>(new CommandDefinition(SelectIdentifiedByYear, new { village }, cancellationToken: ct))).ToDictionary(r => (int)r.Year, r => r.N);
        var exited = (await c.QueryAsync<(long Year, long N)>(new CommandDefinition(SelectExitedByYear, new { village }, cancellationToken: ct))).ToDictionary(r => (int)r.Year, r => r.N);
        return identified.Keys.Union(exited.Keys).Order()
            .Select(y => new YearCount(y, identified.GetValueOrDefault(y), exited.GetValueOrDefault(y))).ToList();
    }
}
