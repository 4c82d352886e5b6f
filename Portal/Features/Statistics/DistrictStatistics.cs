using Dapper;
using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Statistics;

public sealed record TownshipStatusCounts(string TownshipCode, string Name, string NameEn, IReadOnlyDictionary<HouseholdStatus, long> ByStatus)
{
    public long Total => ByStatus.Values.Sum();
}

public sealed record StatisticsReport(
    IReadOnlyList<TownshipStatusCounts> HouseholdsByTownship,
    IReadOnlyDictionary<PovertyCause, long> Causes,
    IReadOnlyDictionary<int, long> ExitsByYear,
    IReadOnlyList<(MeasureKind Kind, long Measures, decimal Funds)> Assistance,
    IReadOnlyList<TownshipObjections> Objections)
{
    // Per township and lane (AccountabilityPanel).
    public IReadOnlyList<AccountabilityRow> Accountability { get; init; } = [];
}

// The district at a glance, from aggregates only. The page, its CSVs and the API all read one report, built again
// when the public pages change (PublicPageCache.ChangedAsync) or when it is older than their cache lifetime — never
// because of how a request is spelled.
public sealed class DistrictStatistics(DbConnectionFactory db, ObjectionStatistics objections, TimeProvider clock, PublicPageCache? cache = null,
    AccountabilityPanel? accountability = null)
{
    private readonly Lock gate = new();
    private Snapshot? current;
    private int builds;

    private sealed record Snapshot(Task<StatisticsReport> Report, long Generation, DateTimeOffset BuiltAt);

    // How many times the report has been built: what a test watches.
    public int Builds => Volatile.Read(ref builds);

    private const string SelectTownships = "SELECT Code, Name, NameEn FROM Region WHERE Level = 'Township' ORDER BY Code";

    private const string SelectStatusCounts = "SELECT TownshipCode, Status, COUNT(*) AS N FROM Household GROUP BY TownshipCode, Status";

    private const string SelectCauses = "SELECT Cause, COUNT(*) AS N FROM Household GROUP BY Cause";

    private const string SelectExits = "SELECT ExitYear, COUNT(*) AS N FROM Household WHERE ExitYear IS NOT NULL GROUP BY ExitYear";

    private const string SelectAssistance = "SELECT Kind, COUNT(*) AS N, SUM(Funds) AS Funds FROM AssistanceMeasure GROUP BY Kind";

    public Task<StatisticsReport> ReportAsync(CancellationToken ct = default)
    {
        var generation = cache?.Generation ?? 0;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (current is not { } s || s.Generation != generation || now - s.BuiltAt >= PublicPageCache.Lifetime || s.Report.IsFaulted || s.Report.IsCanceled)
            {
                Interlocked.Increment(ref builds);
                // Shared by every reader, so no one reader's cancellation may stop it.
                current = s = new Snapshot(BuildAsync(CancellationToken.None), generation, now);
            }
            return s.Report.WaitAsync(ct);
        }
    }

    private async Task<StatisticsReport> BuildAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var townships = await c.QueryAsync<(string Code, string Name, string NameEn)>(new CommandDefinition(SelectTownships, cancellationToken: ct));
        var counts = (await c.QueryAsync<(string Township, string Status, long N)>(new CommandDefinition(SelectStatusCounts, cancellationToken: ct)))
            .ToLookup(r => r.Township);
        var byTownship = townships.Select(t => new TownshipStatusCounts(t.Code, t.Name, t.NameEn,
            Enum.GetValues<HouseholdStatus>().ToDictionary(s => s, s => counts[t.Code].Where(r => r.Status == s.ToString()).Sum(r => r.N)))).ToList();
        var causes = (await c.QueryAsync<(string Cause, long N)>(new CommandDefinition(SelectCauses, cancellationToken: ct)))
            .ToDictionary(r => Enum.Parse<PovertyCause>(r.Cause), r => r.N);
        var exits = (await c.QueryAsync<(long Year, long N)>(new CommandDefinition(SelectExits, cancellationToken: ct)))
            .OrderBy(r => r.Year).ToDictionary(r => (int)r.Year, r => r.N);
        var assistance = (await c.QueryAsync<(string Kind, long N, decimal Funds)>(new CommandDefinition(SelectAssistance, cancellationToken: ct)))
            .Select(r => (Enum.Parse<MeasureKind>(r.Kind), r.N, r.Funds)).OrderByDescending(r => r.N).ToList();
        return new StatisticsReport(byTownship, causes, exits, assistance, await objections.ByTownshipAsync(ct))
        {
            Accountability = accountability is null ? [] : await accountability.ByTownshipAndLaneAsync(ct),
        };
    }
}
