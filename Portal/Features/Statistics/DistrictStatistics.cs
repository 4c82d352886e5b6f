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

    // When the figures were read: the page states it, since a report is built in the background, not per request.
    public DateTimeOffset AsOf { get; init; }
}

// The district at a glance, from aggregates only. The page, its CSVs and the API all read one report, kept in memory
// and built again when the public pages change (PublicPageCache.ChangedAsync) or when it is too old — never because of
// how a request is spelled. It is built in two parts. The households' figures read the household table (about two
// seconds at 1,000,000 households): they are built in the background, and a reader gets the last ones built (AsOf says
// when) while the next are built; only the first reader after start waits for them. The objections' figures are
// small and change with every decision: a reader after a change waits for them, so a decision shows at once.
public sealed class DistrictStatistics(DbConnectionFactory db, ObjectionStatistics objections, TimeProvider clock, PublicPageCache? cache = null,
    AccountabilityPanel? accountability = null)
{
    // The households' figures are built again at least this often; the objections' (overdue counts move with the day)
    // at least every minute.
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan CasesMaximumAge = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly BackgroundFigures<Households> households = new(ct => ReadHouseholdsAsync(db, ct), clock, cache, MaximumAge);
    private Task<Cases>? cases;

    private sealed record Households(IReadOnlyList<TownshipStatusCounts> ByTownship, IReadOnlyDictionary<PovertyCause, long> Causes,
        IReadOnlyDictionary<int, long> Exits, IReadOnlyList<(MeasureKind Kind, long Measures, decimal Funds)> Assistance);

    private sealed record Cases(IReadOnlyList<TownshipObjections> Objections, IReadOnlyList<AccountabilityRow> Accountability, DateTimeOffset BuiltAt, long Generation);

    // How many times the households' figures have been built: what a test watches.
    public int Builds => households.Builds;

    private const string SelectTownships = "SELECT Code, Name, NameEn FROM Region WHERE Level = 'Township' ORDER BY Code";

    private const string SelectStatusCounts = "SELECT TownshipCode, Status, COUNT(*) AS N FROM Household GROUP BY TownshipCode, Status";

    private const string SelectCauses = "SELECT Cause, COUNT(*) AS N FROM Household GROUP BY Cause";

    private const string SelectExits = "SELECT ExitYear, COUNT(*) AS N FROM Household WHERE ExitYear IS NOT NULL GROUP BY ExitYear";

    private const string SelectAssistance = "SELECT Kind, COUNT(*) AS N, SUM(Funds) AS Funds FROM AssistanceMeasure GROUP BY Kind";

    public async Task<StatisticsReport> ReportAsync(CancellationToken ct = default) => Report(await households.GetAsync(ct), await CurrentCasesAsync().WaitAsync(ct));

    // The report once it holds every change made before the call: what a test reads before it looks at the figures.
    public async Task<StatisticsReport> UpToDateAsync(CancellationToken ct = default) =>
        Report(await households.UpToDateAsync(ct), await CurrentCasesAsync().WaitAsync(ct));

    private static StatisticsReport Report(BackgroundFigures<Households>.Built built, Cases c)
    {
        var h = built.Figures;
        return new StatisticsReport(h.ByTownship, h.Causes, h.Exits, h.Assistance, c.Objections) { Accountability = c.Accountability, AsOf = built.AsOf };
    }

    // The objections' figures of this generation, built here if they are not.
    private Task<Cases> CurrentCasesAsync()
    {
        lock (gate)
        {
            var generation = cache?.Generation ?? 0;
            var now = clock.GetUtcNow();
            if (cases is not { } c || c.IsFaulted || c.IsCanceled || (c.IsCompletedSuccessfully && (c.Result.Generation != generation || now - c.Result.BuiltAt >= CasesMaximumAge)))
            {
                cases = Task.Run(() => BuildCasesAsync(generation, now));
            }
            return cases;
        }
    }

    private async Task<Cases> BuildCasesAsync(long generation, DateTimeOffset now) =>
        new(await objections.ByTownshipAsync(CancellationToken.None),
            accountability is null ? [] : await accountability.ByTownshipAndLaneAsync(CancellationToken.None), now, generation);

    private static async Task<Households> ReadHouseholdsAsync(DbConnectionFactory db, CancellationToken ct)
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
        return new Households(byTownship, causes, exits, assistance);
    }
}
